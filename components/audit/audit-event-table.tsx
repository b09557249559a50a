import type { AuditEventView } from "@/lib/audit/list-audit-events";
import { EmptyState } from "@/components/ui/empty-state";
import { LinkButton } from "@/components/ui/button";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

/** One page of audit events (newest first) with Newest/Older links; `base` is the page's own path. */
export function AuditEventTable(props: {
  events: AuditEventView[];
  nextBefore: number | null;
  before: number | undefined;
  base: string;
  emptyText: string;
}) {
  const { events, nextBefore, before, base } = props;
  return (
    <>
      {events.length === 0 ? (
        <EmptyState title={before ? "No older changes" : "No changes recorded yet"}>{props.emptyText}</EmptyState>
      ) : (
        <Table aria-label="Audit events">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>What</Th>
              <Th>Details</Th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <Tr key={e.id}>
                <Td className="whitespace-nowrap text-slate-600">{formatTimestamp(e.at)}</Td>
                <Td>{e.actor}</Td>
                <Td>
                  <span className="font-medium">{e.label}</span>
                  <div className="font-mono text-xs text-slate-500">{e.action}</div>
                </Td>
                <Td>
                  {e.details.length === 0 ? (
                    <span className="text-slate-400">—</span>
                  ) : (
                    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
                      {e.details.map((d) => (
                        <div key={d.key} className="contents">
                          <dt className="text-slate-500">{d.key}</dt>
                          <dd className="break-all text-slate-800">{d.value}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="flex justify-center gap-2">
        {before ? <LinkButton href={base}>Newest changes</LinkButton> : null}
        {nextBefore ? <LinkButton href={`${base}?before=${nextBefore}`}>Older changes</LinkButton> : null}
      </div>
    </>
  );
}
