import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { SourceBadge } from "@/components/directory/source-badge";
import { Pagination, SearchBox, StateTabs } from "@/components/directory/list-controls";
import { listGroups, listGroupsInput } from "@/lib/directory/list-groups";
import { canCurrentUserChange } from "@/app/_lib/can-change";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Groups" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function GroupsPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const input = listGroupsInput.parse({
    search: one(sp.q) ?? "",
    state: one(sp.state),
    page: one(sp.page),
    source: one(sp.source),
  });
  const [result, canChange] = await Promise.all([listGroups(input), canCurrentUserChange()]);
  const base = "/directory/groups";
  const anyGroups = input.search !== "" || result.counts.all + result.counts.deleted > 0;

  return (
    <div className="max-w-6xl space-y-4">
      <PageHeader
        title="Groups"
        description="Groups of the source directory. Assign a group to an application to provision its members; provisioning can also send the group itself."
        actions={
          canChange ? (
            <LinkButton href="/directory/groups/new" variant="primary">
              New group
            </LinkButton>
          ) : null
        }
      />
      {one(sp.removed) ? <Alert tone="success">The group was permanently deleted.</Alert> : null}
      {input.source ? (
        <Alert tone="info">
          Showing only the groups of one source.{" "}
          <Link href="/directory/groups" className="font-medium underline">
            Show all groups
          </Link>
        </Alert>
      ) : null}
      <StateTabs
        base={base}
        search={input.search}
        current={input.state}
        tabs={[
          { state: "all", label: "All groups", count: result.counts.all },
          { state: "deleted", label: "Deleted groups", count: result.counts.deleted },
        ]}
      />
      <SearchBox
        base={base}
        search={input.search}
        state={input.state}
        label="Search groups"
        placeholder="Search by name, mail nickname or description"
      />
      {result.items.length === 0 ? (
        !anyGroups ? (
          <EmptyState
            title="No groups yet"
            action={
              canChange ? (
                <LinkButton href="/directory/groups/new" variant="primary">
                  New group
                </LinkButton>
              ) : undefined
            }
          >
            {canChange
              ? "Create a group and add members, or import groups with their members from Microsoft Graph JSON."
              : "An Administrator creates or imports the directory's groups. They will appear here."}
          </EmptyState>
        ) : (
          <EmptyState title={input.search ? `No groups match “${input.search}”` : "No groups here"}>
            {input.search ? "Try part of the group's name or description." : "No group is in this state."}
          </EmptyState>
        )
      ) : (
        <div>
          <Table aria-label="Groups">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Mail nickname</Th>
                <Th>Type</Th>
                <Th className="text-right">Members</Th>
                <Th>Description</Th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((g) => (
                <Tr key={g.id}>
                  <Td>
                    <Link href={`/directory/groups/${g.id}`} className="font-medium text-blue-700 hover:underline">
                      {g.displayName}
                    </Link>
                    {g.source ? (
                      <span className="ml-2">
                        <SourceBadge source={g.source} />
                      </span>
                    ) : null}
                    {g.deletedAt ? (
                      <span className="ml-2">
                        <Badge tone="red">Deleted</Badge>
                      </span>
                    ) : null}
                  </Td>
                  <Td className="text-slate-600">{g.mailNickname ?? "—"}</Td>
                  <Td>
                    <span className="flex gap-1">
                      {g.securityEnabled ? <Badge tone="blue">Security</Badge> : null}
                      {g.mailEnabled ? <Badge>Mail</Badge> : null}
                    </span>
                  </Td>
                  <Td className="text-right tabular-nums">{g.memberCount.toLocaleString("en-US")}</Td>
                  <Td className="max-w-sm truncate text-slate-600">{g.description ?? "—"}</Td>
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
            noun="groups"
          />
        </div>
      )}
    </div>
  );
}
