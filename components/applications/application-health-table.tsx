import Link from "next/link";
import type { HealthLevel } from "@/lib/applications/assess-application-health";
import type { ApplicationHealth } from "@/lib/applications/list-application-health";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatTimestamp } from "@/lib/dates/format-timestamp";
import { ProvisioningStatusBadge } from "./provisioning-status-badge";

const LEVEL_TONE: Record<HealthLevel, "red" | "amber" | "green" | "neutral"> = {
  Failing: "red",
  Attention: "amber",
  Healthy: "green",
  Off: "neutral",
};

const CYCLE_TONE: Record<string, "red" | "amber" | "green" | "neutral"> = {
  Succeeded: "green",
  Warning: "amber",
  Interrupted: "amber",
  Failed: "red",
  Quarantined: "red",
};

/** Overview: each application's provisioning health, worst first, so a quarantined job is never missed. */
export function ApplicationHealthTable({ rows }: { rows: ApplicationHealth[] }) {
  if (rows.length === 0) {
    return (
      <EmptyState
        title="No enterprise applications yet"
        action={
          <Link className="text-sm font-medium text-blue-700 hover:underline" href="/applications/gallery">
            Add an application from the gallery
          </Link>
        }
      >
        Their provisioning health shows here once you add one.
      </EmptyState>
    );
  }
  return (
    <Table aria-label="Application health">
      <thead>
        <tr>
          <Th>Application</Th>
          <Th>Status</Th>
          <Th>Health</Th>
          <Th>Last cycle</Th>
          <Th>Failures</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <Tr key={r.id}>
            <Td>
              <Link href={`/applications/${r.id}/provisioning`} className="font-medium text-blue-700 hover:underline">
                {r.name}
              </Link>
              <span className="block text-xs text-slate-500">{r.templateName}</span>
            </Td>
            <Td>
              <ProvisioningStatusBadge status={r.status} />
            </Td>
            <Td>
              <Badge tone={LEVEL_TONE[r.health.level]}>{r.health.level}</Badge>
              <span className="mt-0.5 block text-xs text-slate-700">{r.health.summary}</span>
              {r.quarantine ? <QuarantineDetail quarantine={r.quarantine} /> : null}
            </Td>
            <Td>
              <LastCycle cycle={r.lastCycle} />
            </Td>
            <Td className="whitespace-nowrap">
              <FailureCounts row={r} />
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function QuarantineDetail({ quarantine }: { quarantine: NonNullable<ApplicationHealth["quarantine"]> }) {
  return (
    <span className="mt-0.5 block text-xs text-slate-600">
      {[
        quarantine.since ? `Since ${formatTimestamp(quarantine.since)}` : null,
        quarantine.nextRetryAt ? `next retry ${formatTimestamp(quarantine.nextRetryAt)}` : null,
      ]
        .filter(Boolean)
        .join(" · ")}
    </span>
  );
}

function LastCycle({ cycle }: { cycle: ApplicationHealth["lastCycle"] }) {
  if (!cycle) return <span className="text-slate-500">No cycle has run</span>;
  return (
    <>
      <span className="flex items-center gap-1.5">
        <Badge tone={CYCLE_TONE[cycle.status] ?? "neutral"}>{cycle.status}</Badge>
        <span className="text-xs text-slate-600">{cycle.type}</span>
      </span>
      <span className="mt-0.5 block text-xs text-slate-600">
        {cycle.endedAt ? `Ended ${formatTimestamp(cycle.endedAt)}` : `Started ${formatTimestamp(cycle.startedAt)}`}
      </span>
      {cycle.error ? (
        <span className="mt-0.5 line-clamp-3 block max-w-xs text-xs text-red-700" title={cycle.error}>
          {cycle.error}
        </span>
      ) : null}
    </>
  );
}

function FailureCounts({ row }: { row: ApplicationHealth }) {
  const parts = [];
  if (row.failingObjects > 0) parts.push(`${row.failingObjects} object${row.failingObjects === 1 ? "" : "s"} failing`);
  if (row.lastCycle && row.lastCycle.failed > 0) parts.push(`${row.lastCycle.failed} failed in the last cycle`);
  if (row.consecutiveFailures > 0)
    parts.push(`${row.consecutiveFailures} failed cycle${row.consecutiveFailures === 1 ? "" : "s"} in a row`);
  if (parts.length === 0) return <span className="text-slate-500">None</span>;
  return (
    <Link href={`/applications/${row.id}/logs?status=Failure`} className="block text-xs text-red-700 hover:underline">
      {parts.map((p) => (
        <span key={p} className="block">
          {p}
        </span>
      ))}
    </Link>
  );
}
