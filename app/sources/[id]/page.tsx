import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatTimestamp } from "@/lib/dates/format-timestamp";
import { CopyField } from "@/components/sandbox/copy-field";
import { AttributeMapEditor, scimPathLabel } from "@/components/sources/attribute-map-editor";
import { SourceActivity } from "@/components/sources/source-activity";
import { SourceSettings } from "@/components/sources/source-settings";
import { SOURCE_KIND_LABELS, SourceStatusBadge } from "@/components/sources/source-status-badge";
import { SourceTokens } from "@/components/sources/source-tokens";
import { getSource } from "@/lib/sources/get-source";
import { listSourceEvents } from "@/lib/sources/list-source-events";
import { scimUserPaths } from "@/lib/sources/scim-attribute-map";
import { sourceTenantUrl } from "@/lib/sources/source-tenant-url";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import { LdapSourceSections } from "./ldap-sections";
import {
  createSourceTokenAction,
  deleteSourceAction,
  revokeSourceTokenAction,
  saveSourceAttributeMapAction,
  updateSourceAction,
} from "../actions";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const source = await getSource((await params).id);
  return { title: source ? source.name : "Source not found" };
}

export default async function SourcePage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const source = await getSource(id);
  if (!source) notFound();
  const [canChange, events] = await Promise.all([canCurrentUserChange(), listSourceEvents(source.id, 50)]);
  const tenantUrl = sourceTenantUrl(source.id);
  const fmt = (d: Date | null) => (d ? formatTimestamp(d) : null);
  const owns = (
    <Card title="What it owns">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-500">Users</dt>
        <dd>
          <Link className="text-blue-700 hover:underline" href={`/directory/users?source=${source.id}`}>
            {source.counts.users.toLocaleString("en-US")}
          </Link>
          {source.counts.deletedUsers > 0 ? (
            <span className="text-slate-500"> (and {source.counts.deletedUsers} deleted)</span>
          ) : null}
        </dd>
        <dt className="text-slate-500">Groups</dt>
        <dd>
          <Link className="text-blue-700 hover:underline" href={`/directory/groups?source=${source.id}`}>
            {source.counts.groups.toLocaleString("en-US")}
          </Link>
        </dd>
        <dt className="text-slate-500">Last change received</dt>
        <dd>{fmt(source.lastChangeAt) ?? "Nothing yet"}</dd>
        <dt className="text-slate-500">Last request</dt>
        <dd>{fmt(source.lastRequestAt) ?? "Never"}</dd>
      </dl>
    </Card>
  );

  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <p className="mb-2 text-sm">
          <Link href="/sources" className="text-blue-700 hover:underline">
            ← Sources
          </Link>
        </p>
        <PageHeader
          title={
            <span className="flex items-center gap-3">
              {source.name}{" "}
              <SourceStatusBadge status={source.status} lastRequestAt={source.lastRequestAt} kind={source.kind} />
            </span>
          }
          description={`${SOURCE_KIND_LABELS[source.kind] ?? source.kind} source · added ${formatTimestamp(source.createdAt)}`}
        />
        {sp.created ? (
          <Alert tone="success">
            {source.kind === "Ldap"
              ? "Source added. Enter the connection below, press Test connection, then Save: the first full read starts at once."
              : "Source added. Create a token below, then paste the Tenant URL and the token into your identity provider."}
          </Alert>
        ) : null}
      </div>

      {source.kind === "Ldap" ? (
        <>
          {owns}
          <LdapSourceSections sourceId={source.id} canChange={canChange} />
        </>
      ) : (
        <>
          <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <Card
              title="Admin Credentials for your identity provider"
              description="In Entra ID: the enterprise application's Provisioning tab, Tenant URL and Secret Token. In Okta: the app's Provisioning, SCIM connector base URL and an HTTP header (Bearer) token."
            >
              <CopyField
                id="source-tenant-url"
                label="Tenant URL"
                copyLabel="Copy URL"
                value={tenantUrl}
                hint="This source's SCIM 2.0 base URL: /Users, /Groups, /ServiceProviderConfig, /Schemas, /ResourceTypes."
              />
            </Card>
            {owns}
          </div>

          <Card
            title="Tokens"
            description="Bearer tokens for this source only. Each is shown once when created; Provisio keeps a hash and the first characters."
          >
            <SourceTokens
              sourceId={source.id}
              tokens={source.tokens.map((t) => ({
                id: t.id,
                name: t.name,
                prefix: t.prefix,
                createdAt: formatTimestamp(t.createdAt),
                lastUsedAt: fmt(t.lastUsedAt),
                revokedAt: fmt(t.revokedAt),
              }))}
              createAction={createSourceTokenAction}
              revokeAction={revokeSourceTokenAction}
            />
          </Card>

          <Card
            title="Attribute mapping"
            description="How pushed users land on the directory's Entra-named attributes. Attributes left unmapped are empty; without a displayName the user shows name.formatted, else given and family name. userName must be a user principal name (user@domain). Groups: displayName → displayName, members → members."
          >
            {canChange ? (
              <AttributeMapEditor
                sourceId={source.id}
                initial={source.attributeMap.users}
                action={saveSourceAttributeMapAction}
              />
            ) : (
              <Table aria-label="Attribute mapping">
                <thead>
                  <tr>
                    <Th>Directory attribute</Th>
                    <Th>SCIM attribute it comes from</Th>
                  </tr>
                </thead>
                <tbody>
                  {source.attributeMap.users.map((m) => (
                    <Tr key={m.directory}>
                      <Td className="font-mono text-xs">{m.directory}</Td>
                      <Td>
                        <span className="font-mono text-xs">{scimPathLabel(m.scim)}</span>
                        <span className="ml-2 text-xs text-slate-500">{scimUserPaths[m.scim]}</span>
                      </Td>
                    </Tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>

          <Card
            title="Recent activity"
            description="Requests that changed the directory or were refused, newest first. Reads are not listed."
          >
            <SourceActivity events={events.map((e) => ({ ...e, at: formatTimestamp(e.at) }))} />
          </Card>
        </>
      )}

      {canChange ? (
        <Card title="Settings">
          <SourceSettings
            id={source.id}
            name={source.name}
            status={source.status}
            kind={source.kind}
            updateAction={updateSourceAction}
            deleteAction={deleteSourceAction}
          />
        </Card>
      ) : null}
    </div>
  );
}
