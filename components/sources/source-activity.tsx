import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th, Tr } from "@/components/ui/table";

export type ActivityRow = {
  id: number;
  at: string;
  method: string;
  path: string;
  status: number;
  operation: string;
  objectType: string | null;
  objectId: string | null;
  identity: string | null;
  detail: string | null;
};

function objectHref(row: ActivityRow): string | null {
  if (!row.objectId) return null;
  return row.objectType === "Group" ? `/directory/groups/${row.objectId}` : `/directory/users/${row.objectId}`;
}

/** A source's recent requests: what changed, and what was refused and why. */
export function SourceActivity({ events }: { events: ActivityRow[] }) {
  if (events.length === 0)
    return <p className="text-sm text-slate-600">Nothing yet. Changes your identity provider pushes appear here.</p>;
  return (
    <Table aria-label="Recent activity">
      <thead>
        <tr>
          <Th>When</Th>
          <Th>Request</Th>
          <Th>Result</Th>
          <Th>Object</Th>
          <Th>Detail</Th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => {
          const href = objectHref(e);
          return (
            <Tr key={e.id}>
              <Td className="whitespace-nowrap text-slate-600">{e.at}</Td>
              <Td className="font-mono text-xs">
                {e.method} {e.path}
              </Td>
              <Td>
                <Badge tone={e.status >= 500 ? "red" : e.status >= 400 ? "amber" : "green"}>
                  {e.status} {e.operation}
                </Badge>
              </Td>
              <Td>
                {href ? (
                  <Link className="text-blue-700 hover:underline" href={href}>
                    {e.identity ?? e.objectId}
                  </Link>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </Td>
              <Td className="max-w-md text-slate-600">{e.detail ?? ""}</Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}
