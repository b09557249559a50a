"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { JobProgress } from "@/lib/sync/cycle/get-job-progress";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ProvisioningStatusBadge } from "@/components/applications/provisioning-status-badge";
import { AllowDeletesButton } from "./allow-deletes-button";
import { PutOnlyNote } from "./put-only-note";
import { RetryNowButton } from "./retry-now-button";
import { RunNowButton } from "./run-now-button";
import { useCanChange } from "@/components/ui/role-context";
import { COUNT_LABELS, CYCLE_STATUS_TONE, QUARANTINE_TEXT, formatDuration } from "./engine-format";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

async function fetchProgress(jobId: string): Promise<JobProgress> {
  const res = await fetch(`/api/jobs/${encodeURIComponent(jobId)}/progress`, { cache: "no-store" });
  if (!res.ok)
    throw new Error(
      res.status === 404 ? "This application has no provisioning job." : `The server answered ${res.status}.`,
    );
  return res.json();
}

/**
 * The provisioning job's live status: the running cycle (type, progress bar, counts by action), the last
 * cycle's summary, and the quarantine banner. Polls every second while a cycle runs, every 5 s otherwise.
 */
export function CycleProgress({
  jobId,
  applicationId,
  actions,
}: {
  jobId: string;
  applicationId: string;
  actions?: ReactNode;
}) {
  const canChange = useCanChange();
  const query = useQuery({
    queryKey: ["job-progress", jobId],
    queryFn: () => fetchProgress(jobId),
    refetchInterval: (q) => (q.state.data?.current ? 1000 : 5000),
    staleTime: 0,
  });

  if (query.isPending) {
    return (
      <Card title="Current cycle status">
        <p className="text-sm text-slate-500" aria-live="polite">
          Loading provisioning status…
        </p>
      </Card>
    );
  }
  if (query.isError) {
    return (
      <Card title="Current cycle status">
        <Alert tone="error" title="Could not load the provisioning status">
          {query.error.message} It is retried automatically.
        </Alert>
      </Card>
    );
  }
  const p = query.data;
  const current = p.current;
  const last = p.last;
  return (
    <Card
      title="Current cycle status"
      description={
        current
          ? `${current.type} cycle in progress`
          : last
            ? `${last.type} cycle ${last.status === "Succeeded" ? "completed" : last.status.toLowerCase()}`
            : "No cycle has run yet"
      }
      actions={
        <div className="flex items-center gap-2">
          <ProvisioningStatusBadge status={p.status} />
          {canChange && p.enabled && !p.quarantine ? (
            <RunNowButton jobId={jobId} applicationId={applicationId} running={!!current} />
          ) : null}
          {actions}
        </div>
      }
    >
      <div className="space-y-4">
        {p.quarantine ? (
          <QuarantineBanner
            quarantine={p.quarantine}
            jobId={jobId}
            applicationId={applicationId}
            canChange={canChange}
          />
        ) : null}

        {current ? <RunningCycle current={current} /> : null}

        {last ? (
          <LastCycle last={last} />
        ) : !current ? (
          <p className="text-sm text-slate-600">
            {p.enabled
              ? "The initial cycle starts in a few seconds."
              : canChange
                ? "Turn Provisioning Status On and save to start the initial cycle."
                : "Provisioning is Off."}
          </p>
        ) : null}

        {p.statistics.users + p.statistics.groups + p.statistics.failing > 0 ? (
          <Statistics statistics={p.statistics} />
        ) : null}

        <PutOnlyNote since={p.userPatchRefusedAt} />

        {p.enabled && !current && p.nextRunAt && !p.quarantine ? (
          <p className="text-xs text-slate-500">Next cycle: {formatTimestamp(p.nextRunAt)}</p>
        ) : null}
      </div>
    </Card>
  );
}

function Counts({
  counts,
  label,
}: {
  counts: JobProgress["last"] extends infer L ? (L extends { counts: infer C } ? C : never) : never;
  label: string;
}) {
  return (
    <ul aria-label={label} className="flex flex-wrap gap-2">
      {COUNT_LABELS.filter(([key]) => key !== "staged" || counts.staged > 0).map(([key, text]) => (
        <li
          key={key}
          className={`rounded-md border px-2 py-1 text-xs ${key === "failed" && counts.failed > 0 ? "border-red-200 bg-red-50 text-red-800" : "border-slate-200 bg-slate-50 text-slate-700"}`}
        >
          {text} <span className="font-semibold tabular-nums">{counts[key].toLocaleString("en-US")}</span>
        </li>
      ))}
    </ul>
  );
}

function Term({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </div>
  );
}

/**
 * The quarantine banner: why provisioning stopped, when it retries, Retry now (once Test Connection passed
 * with the saved credentials) and, for too many deletes, Allow deletes.
 */
function QuarantineBanner({
  quarantine,
  jobId,
  applicationId,
  canChange,
}: {
  quarantine: NonNullable<JobProgress["quarantine"]>;
  jobId: string;
  applicationId: string;
  canChange: boolean;
}) {
  return (
    <Alert tone="error" title={`Provisioning is in quarantine (${quarantine.reason})`}>
      <p>{QUARANTINE_TEXT[quarantine.reason] ?? "Provisioning stopped after repeated failures."}</p>
      {quarantine.reason !== "TooManyDeletes" && quarantine.nextRetryAt ? (
        <p className="mt-1">Next attempt: {formatTimestamp(quarantine.nextRetryAt)}</p>
      ) : null}
      {canChange && quarantine.retryReady ? <RetryNowButton jobId={jobId} applicationId={applicationId} /> : null}
      {quarantine.reason === "TooManyDeletes" ? (
        <div className="mt-2">
          {canChange ? (
            <AllowDeletesButton jobId={jobId} applicationId={applicationId} />
          ) : (
            <p>An Administrator can allow these deletes.</p>
          )}
        </div>
      ) : null}
    </Alert>
  );
}

/** The running cycle: objects processed of the total, a progress bar, and counts by action. */
function RunningCycle({ current }: { current: NonNullable<JobProgress["current"]> }) {
  return (
    <div className="space-y-2">
      <div className="flex items-baseline justify-between text-sm">
        <span className="font-medium text-slate-800">
          {current.processed.toLocaleString("en-US")} of {current.total.toLocaleString("en-US")} objects
        </span>
        <span className="tabular-nums text-slate-600">{current.percent}%</span>
      </div>
      <div
        role="progressbar"
        aria-label={`${current.type} cycle progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={current.percent}
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className="h-full rounded-full bg-blue-600 transition-[width] duration-500"
          style={{ width: `${current.percent}%` }}
        />
      </div>
      <Counts counts={current.counts} label="Counts in the running cycle" />
      <p className="text-xs text-slate-500">
        Started {formatTimestamp(current.startedAt)} · {current.requests.toLocaleString("en-US")} requests to the target
      </p>
    </div>
  );
}

/** The last finished cycle's summary. */
function LastCycle({ last }: { last: NonNullable<JobProgress["last"]> }) {
  return (
    <div className="space-y-2">
      <h3 className="flex items-center gap-2 text-sm font-semibold text-slate-900">
        Last cycle <Badge tone={CYCLE_STATUS_TONE[last.status] ?? "neutral"}>{last.status}</Badge>
      </h3>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
        <Term label="Type">{last.type}</Term>
        <Term label="Ended">{formatTimestamp(last.endedAt)}</Term>
        <Term label="Duration">{formatDuration(last.durationMs)}</Term>
        <Term label="Requests">{last.requests.toLocaleString("en-US")}</Term>
      </dl>
      <Counts counts={last.counts} label="Counts in the last cycle" />
      {last.error ? <p className="text-sm text-red-800">{last.error}</p> : null}
    </div>
  );
}

/** Entra's statistics to date: what the target holds now. */
function Statistics({ statistics }: { statistics: JobProgress["statistics"] }) {
  return (
    <div className="space-y-1">
      <h3 className="text-sm font-semibold text-slate-900">Statistics to date</h3>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4" aria-label="Statistics to date">
        <Term label="Users at the target">{statistics.users.toLocaleString("en-US")}</Term>
        <Term label="of them disabled">{statistics.disabledUsers.toLocaleString("en-US")}</Term>
        <Term label="Groups at the target">{statistics.groups.toLocaleString("en-US")}</Term>
        <Term label="Failing, retried next cycle">{statistics.failing.toLocaleString("en-US")}</Term>
      </dl>
    </div>
  );
}
