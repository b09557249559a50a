import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { Pagination, SearchBox, StateTabs } from "@/components/directory/list-controls";
import { UserStatusBadge } from "@/components/directory/user-status-badge";
import { SourceBadge } from "@/components/directory/source-badge";
import { listUsers, listUsersInput } from "@/lib/directory/list-users";
import { canCurrentUserChange } from "@/app/_lib/can-change";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const input = listUsersInput.parse({
    search: one(sp.q) ?? "",
    state: one(sp.state),
    page: one(sp.page),
    source: one(sp.source),
  });
  const [result, canChange] = await Promise.all([listUsers(input), canCurrentUserChange()]);
  const base = "/directory/users";
  const anyUsers = input.search !== "" || result.counts.all + result.counts.deleted > 0;

  return (
    <div className="max-w-6xl space-y-4">
      <PageHeader
        title="Users"
        description="The source directory's users. Provisioning sends them, with Entra's attribute names, to the applications they are assigned to."
        actions={
          canChange ? (
            <>
              <LinkButton href="/directory/import">Bulk import</LinkButton>
              <LinkButton href="/directory/users/new" variant="primary">
                New user
              </LinkButton>
            </>
          ) : null
        }
      />
      {one(sp.removed) ? <Alert tone="success">The user was permanently deleted.</Alert> : null}
      {input.source ? (
        <Alert tone="info">
          Showing only the users of one source.{" "}
          <Link href="/directory/users" className="font-medium underline">
            Show all users
          </Link>
        </Alert>
      ) : null}
      <StateTabs
        base={base}
        search={input.search}
        current={input.state}
        tabs={[
          { state: "all", label: "All users", count: result.counts.all },
          { state: "active", label: "Enabled", count: result.counts.active },
          { state: "disabled", label: "Disabled", count: result.counts.disabled },
          { state: "deleted", label: "Deleted users", count: result.counts.deleted },
        ]}
      />
      <SearchBox
        base={base}
        search={input.search}
        state={input.state}
        label="Search users"
        placeholder="Search by name, user principal name, mail or department"
      />
      {input.state === "deleted" ? (
        <p className="text-sm text-slate-600">
          Deleted users can be restored with their group memberships, or permanently deleted.
        </p>
      ) : null}
      {result.items.length === 0 ? (
        !anyUsers ? (
          <EmptyState
            title="No users yet"
            action={
              canChange ? (
                <LinkButton href="/directory/users/new" variant="primary">
                  New user
                </LinkButton>
              ) : undefined
            }
          >
            {canChange
              ? "Create users one by one, or import many at once from Microsoft Graph JSON or Entra's bulk-create CSV."
              : "An Administrator creates or imports the directory's users. They will appear here."}
          </EmptyState>
        ) : (
          <EmptyState title={input.search ? `No users match “${input.search}”` : "No users here"}>
            {input.search
              ? "Try part of a name, a user principal name, mail or a department."
              : "No user is in this state."}
          </EmptyState>
        )
      ) : (
        <div>
          <Table aria-label="Users">
            <thead>
              <tr>
                <Th>Display name</Th>
                <Th>User principal name</Th>
                <Th>Department</Th>
                <Th>Job title</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((u) => (
                <Tr key={u.id}>
                  <Td>
                    <Link href={`/directory/users/${u.id}`} className="font-medium text-blue-700 hover:underline">
                      {u.displayName}
                    </Link>
                    {u.source ? (
                      <span className="ml-2">
                        <SourceBadge source={u.source} />
                      </span>
                    ) : null}
                  </Td>
                  <Td className="text-slate-600">{u.userPrincipalName}</Td>
                  <Td>{u.department ?? <span className="text-slate-400">—</span>}</Td>
                  <Td>{u.jobTitle ?? <span className="text-slate-400">—</span>}</Td>
                  <Td>
                    <UserStatusBadge user={u} />
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          <Pagination
            base={base}
            search={input.search}
            state={input.state}
            page={result.page}
            pageSize={result.pageSize}
            total={result.total}
            noun="users"
          />
        </div>
      )}
    </div>
  );
}
