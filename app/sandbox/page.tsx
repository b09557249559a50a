import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { ConfirmAction } from "@/components/sandbox/confirm-action";
import { CopyField } from "@/components/sandbox/copy-field";
import { Pager } from "@/components/sandbox/pager";
import { listSandboxGroups, listSandboxUsers } from "@/lib/sandbox/list-sandbox-contents";
import { getSandboxToken, sandboxTenantUrl } from "@/lib/sandbox/sandbox-token";
import { canChangeThings } from "@/lib/auth/roles";
import { getCurrentUser } from "@/app/_lib/current-user";
import { regenerateSandboxTokenAction, resetSandboxAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sandbox SCIM target" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const PAGE_SIZE = 25;

function dash(value: string | null) {
  return value ? value : <span className="text-slate-400">—</span>;
}

export default async function SandboxPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  // Readers see what the sandbox holds, never its token, and cannot change it.
  const user = await getCurrentUser();
  const isAdmin = user ? canChangeThings(user.role) : false;
  const [token, users, groups] = await Promise.all([
    isAdmin ? getSandboxToken() : Promise.resolve(null),
    listSandboxUsers({ page: one(sp.usersPage), pageSize: PAGE_SIZE, q: one(sp.q) }),
    listSandboxGroups({ page: one(sp.groupsPage), pageSize: PAGE_SIZE }),
  ]);
  const tenantUrl = sandboxTenantUrl();
  const q = one(sp.q)?.trim() ?? "";
  const href = (usersPage: number, groupsPage: number) =>
    `/sandbox?usersPage=${usersPage}&groupsPage=${groupsPage}${q ? `&q=${encodeURIComponent(q)}` : ""}`;
  const empty = users.total === 0 && groups.total === 0 && !q;

  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader
        title="Sandbox SCIM target"
        description="A SCIM 2.0 application built into Provisio. Point an enterprise application at it to try provisioning end to end without a real tenant, then see here exactly what arrived: every user and group the sandbox holds."
      />

      <Card
        title="Admin Credentials"
        description="Paste these into an application's Provisioning tab (Tenant URL and Secret Token), then select Test Connection."
      >
        <div className="grid gap-4 lg:grid-cols-2">
          <CopyField
            id="sandbox-tenant-url"
            label="Tenant URL"
            copyLabel="Copy URL"
            value={tenantUrl}
            hint="The sandbox's SCIM 2.0 base URL: /Users, /Groups, /ServiceProviderConfig, /Schemas, /ResourceTypes."
          />
          {token ? (
            <CopyField
              id="sandbox-secret-token"
              label="Secret Token"
              copyLabel="Copy token"
              value={token}
              hint="The sandbox's own bearer token. Requests without it get 401."
            />
          ) : (
            <p className="text-sm text-slate-600">
              Secret Token: hidden. Only Administrators see the sandbox&apos;s token.
            </p>
          )}
        </div>
        {isAdmin ? (
          <div className="mt-4 border-t border-slate-100 pt-4">
            <ConfirmAction
              label="Regenerate token"
              question="Applications using the current token will fail with 401 until you paste the new one. Regenerate?"
              confirmLabel="Yes, regenerate"
              workingLabel="Regenerating…"
              success="A new Secret Token was generated. Update the applications that use the sandbox."
              action={regenerateSandboxTokenAction}
            />
          </div>
        ) : null}
      </Card>

      <section aria-labelledby="sandbox-users-heading" className="space-y-2">
        <div className="flex items-baseline justify-between">
          <h2 id="sandbox-users-heading" className="text-lg font-semibold text-slate-900">
            Users <span className="text-sm font-normal text-slate-500">({users.total})</span>
          </h2>
          <p className="text-xs text-slate-500">Newest first</p>
        </div>
        <form method="get" action="/sandbox" role="search" className="flex max-w-md gap-2">
          <label htmlFor="sandbox-user-search" className="sr-only">
            Search sandbox users
          </label>
          <Input id="sandbox-user-search" name="q" type="search" defaultValue={q} placeholder="Search by userName" />
          <Button type="submit">Search</Button>
        </form>
        {users.total === 0 && q ? (
          <EmptyState title={`No users whose userName contains "${q}"`}>
            Clear the search to see every user the sandbox holds.
          </EmptyState>
        ) : users.total === 0 ? (
          <EmptyState title="No users in the sandbox yet">
            Turn provisioning On for an application that uses the sandbox&apos;s Tenant URL, or provision a user on
            demand. Users it creates appear here.
          </EmptyState>
        ) : (
          <div>
            <Table aria-label="Sandbox users">
              <thead>
                <tr>
                  <Th>userName</Th>
                  <Th>displayName</Th>
                  <Th>active</Th>
                  <Th>externalId</Th>
                  <Th>department</Th>
                  <Th>id</Th>
                </tr>
              </thead>
              <tbody>
                {users.rows.map((u) => (
                  <Tr key={u.id}>
                    <Td className="font-medium">{u.userName}</Td>
                    <Td>{dash(u.displayName)}</Td>
                    <Td>
                      {u.active === null ? (
                        <span className="text-slate-400">—</span>
                      ) : u.active ? (
                        <Badge tone="green">true</Badge>
                      ) : (
                        <Badge tone="amber">false</Badge>
                      )}
                    </Td>
                    <Td>{dash(u.externalId)}</Td>
                    <Td>{dash(u.department)}</Td>
                    <Td className="font-mono text-xs text-slate-600">{u.id}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
            <Pager
              label="Sandbox users"
              page={users.page}
              pageCount={users.pageCount}
              total={users.total}
              pageSize={users.pageSize}
              href={(p) => href(p, groups.page)}
            />
          </div>
        )}
      </section>

      <section aria-labelledby="sandbox-groups-heading" className="space-y-2">
        <div className="flex items-baseline justify-between">
          <h2 id="sandbox-groups-heading" className="text-lg font-semibold text-slate-900">
            Groups <span className="text-sm font-normal text-slate-500">({groups.total})</span>
          </h2>
          <p className="text-xs text-slate-500">Newest first</p>
        </div>
        {groups.total === 0 ? (
          <EmptyState title="No groups in the sandbox yet">
            Groups assigned to an application that provisions to the sandbox appear here with their member counts.
          </EmptyState>
        ) : (
          <div>
            <Table aria-label="Sandbox groups">
              <thead>
                <tr>
                  <Th>displayName</Th>
                  <Th>externalId</Th>
                  <Th className="text-right">Members</Th>
                  <Th>id</Th>
                </tr>
              </thead>
              <tbody>
                {groups.rows.map((g) => (
                  <Tr key={g.id}>
                    <Td className="font-medium">{g.displayName}</Td>
                    <Td>{dash(g.externalId)}</Td>
                    <Td className="text-right tabular-nums">{g.memberCount}</Td>
                    <Td className="font-mono text-xs text-slate-600">{g.id}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
            <Pager
              label="Sandbox groups"
              page={groups.page}
              pageCount={groups.pageCount}
              total={groups.total}
              pageSize={groups.pageSize}
              href={(p) => href(users.page, p)}
            />
          </div>
        )}
      </section>

      {isAdmin ? (
        <Card
          title="Reset sandbox"
          description="Delete every user and group the sandbox holds. The Tenant URL and Secret Token stay the same."
        >
          {empty ? (
            <p className="text-sm text-slate-600">The sandbox is empty.</p>
          ) : (
            <ConfirmAction
              label="Reset sandbox"
              question={`Delete all ${users.total} users and ${groups.total} groups from the sandbox? Applications will recreate them on their next cycle.`}
              confirmLabel="Yes, delete everything"
              workingLabel="Resetting…"
              success="The sandbox is empty."
              variant="danger"
              action={resetSandboxAction}
            />
          )}
        </Card>
      ) : null}
    </div>
  );
}
