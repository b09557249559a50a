import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { AddSourceForm } from "@/components/sources/add-source-form";
import { SOURCE_KIND_LABELS, SourceStatusBadge } from "@/components/sources/source-status-badge";
import { listSources } from "@/lib/sources/list-sources";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import { createSourceAction } from "./actions";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const [sources, canChange, sp] = await Promise.all([listSources(), canCurrentUserChange(), searchParams]);
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader
        title="Sources"
        description="Where the directory's users and groups come from: an identity provider such as Entra ID or Okta pushes them over SCIM 2.0, or Provisio reads them from Active Directory or another LDAP directory. They are read-only here, and their changes reach the assigned applications within seconds."
      />
      {sp.deleted ? (
        <Alert tone="success">
          The source was deleted. Its users and groups stay in the directory, now editable here.
        </Alert>
      ) : null}
      {canChange ? (
        <Card
          title="Add a source"
          description="Give it a name and a kind. A SCIM push source's page shows the Tenant URL and its tokens; an LDAP source's page takes the server, the bind account and what to read."
        >
          <AddSourceForm action={createSourceAction} />
        </Card>
      ) : null}
      {sources.length === 0 ? (
        <EmptyState title="No sources yet">
          {canChange
            ? "Add a SCIM push source above, then paste its Tenant URL and a token into Entra ID's or Okta's provisioning settings."
            : "An Administrator adds sources. Users and groups you see in the directory were made in Provisio or imported."}
        </EmptyState>
      ) : (
        <Table aria-label="Sources">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Kind</Th>
              <Th>Status</Th>
              <Th>Last change received</Th>
              <Th className="text-right">Users</Th>
              <Th className="text-right">Groups</Th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <Tr key={s.id}>
                <Td>
                  <Link href={`/sources/${s.id}`} className="font-medium text-blue-700 hover:underline">
                    {s.name}
                  </Link>
                </Td>
                <Td>{SOURCE_KIND_LABELS[s.kind] ?? s.kind}</Td>
                <Td>
                  <SourceStatusBadge status={s.status} lastRequestAt={s.lastRequestAt} kind={s.kind} />
                </Td>
                <Td className="text-slate-600">{s.lastChangeAt ? formatTimestamp(s.lastChangeAt) : "Nothing yet"}</Td>
                <Td className="text-right tabular-nums">{s.users.toLocaleString("en-US")}</Td>
                <Td className="text-right tabular-nums">{s.groups.toLocaleString("en-US")}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
