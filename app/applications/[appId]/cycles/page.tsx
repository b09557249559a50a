import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { listCycles } from "@/lib/logs/list-cycles";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { CyclesChart } from "@/components/logs/cycles-chart";
import { formatDuration } from "@/components/logs/log-format";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cycle history" };

const tones: Record<string, "green" | "amber" | "red" | "blue" | "neutral"> = {
  Succeeded: "green",
  Warning: "amber",
  Failed: "red",
  Quarantined: "red",
  Interrupted: "amber",
  Running: "blue",
};

export default async function CyclesPage({
  params,
  searchParams,
}: {
  params: Promise<{ appId: string }>;
  searchParams: Promise<{ before?: string }>;
}) {
  const { appId } = await params;
  const { before } = await searchParams;
  const history = await listCycles(appId, { before });
  const base = `/applications/${appId}`;
  return (
    <div className="space-y-5">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Cycle history</h2>
        <p className="text-sm text-slate-600">
          Every provisioning cycle of this application: what it did, how many requests it sent to the target, and how
          long it took.
        </p>
      </div>
      {history.chart.length === 0 && !before ? (
        <EmptyState
          title="No cycles yet"
          action={<LinkButton href={`${base}/provisioning`}>Go to Provisioning</LinkButton>}
        >
          Cycles appear here once provisioning is On: the first is an initial cycle, then incremental ones about every
          40 minutes.
        </EmptyState>
      ) : (
        <>
          {!before ? (
            <Card
              title="Operations per cycle"
              description={`The last ${history.chart.length} cycle${history.chart.length === 1 ? "" : "s"}, oldest on the left (times in UTC).`}
            >
              <CyclesChart data={history.chart} />
            </Card>
          ) : null}
          {/* Compact cells: all twelve columns fit at 1280 px (the start time may wrap). */}
          <Table aria-label="Cycles">
            <thead>
              <tr>
                <Th className="px-2! tracking-normal!">Started</Th>
                <Th className="px-2! tracking-normal!">Type</Th>
                <Th className="px-2! tracking-normal!">Status</Th>
                <Th className="px-2! text-right tracking-normal!">Created</Th>
                <Th className="px-2! text-right tracking-normal!">Updated</Th>
                <Th className="px-2! text-right tracking-normal!">Disabled</Th>
                <Th className="px-2! text-right tracking-normal!">Deleted</Th>
                <Th className="px-2! text-right tracking-normal!">Skipped</Th>
                <Th className="px-2! text-right tracking-normal!">Failed</Th>
                <Th className="px-2! text-right tracking-normal!">Requests</Th>
                <Th className="px-2! text-right tracking-normal!">Duration</Th>
                <Th className="px-2! tracking-normal!">Logs</Th>
              </tr>
            </thead>
            <tbody>
              {history.cycles.map((c) => (
                <Fragment key={c.id}>
                  <Tr className={c.error ? "border-b-0" : ""}>
                    <Td className="min-w-28 px-2!">{formatTimestamp(c.startedAt)}</Td>
                    <Td className="px-2!">{c.type === "OnDemand" ? "On demand" : c.type}</Td>
                    <Td className="px-2!">
                      <Badge tone={tones[c.status] ?? "neutral"}>{c.status}</Badge>
                      {c.status === "Running" ? (
                        <p className="mt-1 text-xs text-slate-600">
                          {c.processed} of {c.total} processed
                        </p>
                      ) : null}
                    </Td>
                    <Td className="px-2! text-right tabular-nums">{c.created}</Td>
                    <Td className="px-2! text-right tabular-nums">{c.updated}</Td>
                    <Td className="px-2! text-right tabular-nums">{c.disabled}</Td>
                    <Td className="px-2! text-right tabular-nums">
                      {c.deleted + c.staged > 0 ? `${c.deleted}${c.staged ? ` (+${c.staged} staged)` : ""}` : 0}
                    </Td>
                    <Td className="px-2! text-right tabular-nums">{c.skipped}</Td>
                    <Td className={`px-2! text-right tabular-nums ${c.failed > 0 ? "font-medium text-red-700" : ""}`}>
                      {c.failed}
                    </Td>
                    <Td className="px-2! text-right tabular-nums">{c.requests}</Td>
                    <Td className="whitespace-nowrap px-2! text-right">
                      {c.status === "Running" ? "running" : formatDuration(c.durationMs)}
                    </Td>
                    <Td className="px-2!">
                      <Link
                        href={`${base}/logs?cycle=${c.id}`}
                        className="text-blue-700 hover:underline"
                        aria-label={`Log entries of the cycle started ${formatTimestamp(c.startedAt)}`}
                      >
                        Entries
                      </Link>
                    </Td>
                  </Tr>
                  {c.error ? (
                    <tr className="border-0">
                      <td colSpan={12} className="px-3 pb-2 pt-0 text-xs text-slate-600">
                        <span className="font-medium text-slate-700">Why: </span>
                        {c.error}
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </Table>
          <div className="flex justify-center gap-2">
            {before ? <LinkButton href={`${base}/cycles`}>Newest cycles</LinkButton> : null}
            {history.nextBefore ? (
              <LinkButton href={`${base}/cycles?before=${encodeURIComponent(history.nextBefore)}`}>
                Older cycles
              </LinkButton>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
