import type { prisma } from "../../db/prisma";
import type { ScimError } from "../../scim/scim-error";
import type { JobContext } from "../store/load-job-context";
import type { CycleCounts, CycleStatus } from "../sync-types";
import { engineConfig, quarantineBackoffMs } from "../engine-config";

const QUARANTINE_REASONS = {
  InvalidCredentials: "InvalidCredentials",
  TooManyDeletes: "TooManyDeletes",
  TargetUnreachable: "TargetUnreachable",
} as const;

// Scalars only: written with updateMany, conditional on the lease (run-cycle.ts).
type JobUpdate = Parameters<typeof prisma.provisioningJob.updateMany>[0]["data"];

export type CycleOutcomeInput = {
  /** What the cycle's runner counted. */
  result: {
    counts: CycleCounts;
    credentialsError: ScimError | null;
    okOps: number;
    transientFailures: number;
    otherFailures: number;
    stagedDeletes: number;
  };
  job: JobContext["job"];
  quarantineSince: Date | null;
  intervalMs: number;
  watermarkTo: number;
  now: Date;
};

/**
 * How a completed cycle ends, as plain data: its status, the quarantine reason if any, and the job's
 * update. Refused credentials quarantine the job and keep the watermark (the cycle is redone); otherwise
 * the watermark advances, and held deletes or a target that keeps failing quarantine the job, else the
 * next run is one interval away.
 */
export function decideCycleOutcome(input: CycleOutcomeInput): {
  status: CycleStatus;
  quarantineReason: string | null;
  jobUpdate: JobUpdate;
} {
  const { result, job, now } = input;
  let status: CycleStatus = result.counts.failed > 0 ? "Warning" : "Succeeded";
  let quarantineReason: string | null = null;
  const jobUpdate: JobUpdate = { lastCycleEndedAt: now };

  if (result.credentialsError) {
    status = "Quarantined";
    quarantineReason = QUARANTINE_REASONS.InvalidCredentials;
    Object.assign(jobUpdate, quarantineJobUpdate(job.quarantineLevel, input.quarantineSince, now, quarantineReason), {
      consecutiveFailures: job.consecutiveFailures + 1,
    });
    return { status, quarantineReason, jobUpdate };
  }
  const targetFailing = result.transientFailures > 0 && result.okOps === 0 && result.otherFailures === 0;
  const consecutiveFailures = targetFailing ? job.consecutiveFailures + 1 : 0;
  Object.assign(jobUpdate, {
    watermark: input.watermarkTo,
    fullSyncRequired: false,
    allowDeletesOnce: false,
    consecutiveFailures,
  });
  if (result.stagedDeletes > 0) {
    status = "Quarantined";
    quarantineReason = QUARANTINE_REASONS.TooManyDeletes;
  } else if (consecutiveFailures >= engineConfig().failuresBeforeQuarantine) {
    status = "Quarantined";
    quarantineReason = QUARANTINE_REASONS.TargetUnreachable;
  }
  if (quarantineReason) {
    Object.assign(jobUpdate, quarantineJobUpdate(job.quarantineLevel, input.quarantineSince, now, quarantineReason));
  } else {
    Object.assign(jobUpdate, {
      status: job.status === "Paused" || job.status === "NotConfigured" ? job.status : "Active",
      quarantineReason: null,
      quarantineSince: null,
      quarantineLevel: 0,
      nextRunAt: new Date(now.getTime() + input.intervalMs),
    });
  }
  return { status, quarantineReason, jobUpdate };
}

/** The job's fields for a quarantine: the reason, since when, and the next try on the backoff schedule. */
export function quarantineJobUpdate(level: number, since: Date | null, now: Date, reason: string) {
  return {
    status: "Quarantine",
    quarantineReason: reason,
    quarantineSince: since ?? now,
    quarantineLevel: level + 1,
    nextRunAt: new Date(now.getTime() + quarantineBackoffMs(level)),
  };
}
