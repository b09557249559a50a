import { prisma } from "../../db/prisma";
import { quarantineRetryReady } from "../../applications/provisioning/quarantine-retry-ready";
import { AppError } from "../../errors";

export type CycleCountsView = {
  created: number;
  updated: number;
  disabled: number;
  deleted: number;
  skipped: number;
  failed: number;
  staged: number;
};

/** Entra's "statistics to date": what the connector data store holds at the target now. */
export type JobStatistics = { users: number; disabledUsers: number; groups: number; failing: number };

export type JobProgress = {
  jobId: string;
  statistics: JobStatistics;
  status: string;
  enabled: boolean;
  nextRunAt: string | null;
  quarantine: {
    reason: string;
    since: string | null;
    nextRetryAt: string | null;
    /** Test Connection passed with the saved credentials since the quarantine began: "Retry now" is offered. */
    retryReady: boolean;
  } | null;
  allowDeletesOnce: boolean;
  /** When the target refused a PATCH of a user: users are updated with a full PUT since then. */
  userPatchRefusedAt: string | null;
  current: {
    cycleId: string;
    type: string;
    startedAt: string;
    total: number;
    processed: number;
    percent: number;
    counts: CycleCountsView;
    requests: number;
  } | null;
  last: {
    cycleId: string;
    type: string;
    status: string;
    startedAt: string;
    endedAt: string | null;
    durationMs: number | null;
    total: number;
    processed: number;
    counts: CycleCountsView;
    requests: number;
    error: string | null;
  } | null;
};

const counts = (c: CycleCountsView): CycleCountsView => ({
  created: c.created,
  updated: c.updated,
  disabled: c.disabled,
  deleted: c.deleted,
  skipped: c.skipped,
  failed: c.failed,
  staged: c.staged,
});

/** The job's state for the Provisioning page: the running cycle (percent, counts), the last one, quarantine. */
export async function getJobProgress(jobId: string): Promise<JobProgress> {
  const job = await prisma.provisioningJob.findUnique({
    where: { id: jobId },
    select: {
      id: true,
      status: true,
      enabled: true,
      nextRunAt: true,
      quarantineReason: true,
      quarantineSince: true,
      allowDeletesOnce: true,
      userPatchRefusedAt: true,
      tenantUrl: true,
      secretTokenEnc: true,
      credentialsTestOk: true,
      credentialsTestedAt: true,
      credentialsTestFingerprint: true,
    },
  });
  if (!job) throw new AppError("job.not_found", "This application has no provisioning job.");
  const [running, last, stored, failing] = await Promise.all([
    prisma.cycle.findFirst({
      where: { jobId, status: "Running", type: { not: "OnDemand" } },
      orderBy: { startedAt: "desc" },
    }),
    prisma.cycle.findFirst({
      where: { jobId, status: { not: "Running" }, type: { not: "OnDemand" } },
      orderBy: { startedAt: "desc" },
    }),
    prisma.connectorObject.groupBy({
      by: ["objectType", "state"],
      where: { jobId, targetId: { not: null } },
      _count: { _all: true },
    }),
    prisma.connectorObject.count({ where: { jobId, lastStatus: "Failure" } }),
  ]);
  const stat = (objectType: string, state: string) =>
    stored.find((r) => r.objectType === objectType && r.state === state)?._count._all ?? 0;
  return {
    jobId: job.id,
    statistics: {
      users: stat("User", "Provisioned") + stat("User", "Disabled"),
      disabledUsers: stat("User", "Disabled"),
      groups: stat("Group", "Provisioned"),
      failing,
    },
    status: job.status,
    enabled: job.enabled,
    nextRunAt: job.nextRunAt?.toISOString() ?? null,
    quarantine:
      job.status === "Quarantine" && job.quarantineReason
        ? {
            reason: job.quarantineReason,
            since: job.quarantineSince?.toISOString() ?? null,
            nextRetryAt: job.nextRunAt?.toISOString() ?? null,
            retryReady: quarantineRetryReady(job),
          }
        : null,
    allowDeletesOnce: job.allowDeletesOnce,
    userPatchRefusedAt: job.userPatchRefusedAt?.toISOString() ?? null,
    current: running
      ? {
          cycleId: running.id,
          type: running.type,
          startedAt: running.startedAt.toISOString(),
          total: running.total,
          processed: running.processed,
          percent: running.total > 0 ? Math.min(100, Math.floor((running.processed / running.total) * 100)) : 0,
          counts: counts(running),
          requests: running.requests,
        }
      : null,
    last: last
      ? {
          cycleId: last.id,
          type: last.type,
          status: last.status,
          startedAt: last.startedAt.toISOString(),
          endedAt: last.endedAt?.toISOString() ?? null,
          durationMs: last.endedAt ? last.endedAt.getTime() - last.startedAt.getTime() : null,
          total: last.total,
          processed: last.processed,
          counts: counts(last),
          requests: last.requests,
          error: last.error,
        }
      : null,
  };
}
