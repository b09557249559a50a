import { z } from "zod";
import { prisma } from "../../db/prisma";
import { env } from "../../env";
import type { ScimClientOptions } from "../../scim/create-scim-client";
import { collectCandidates } from "../plan/collect-candidates";
import { acquireCycleLease, newLeaseOwner, releaseCycleLease, renewCycleLease } from "./cycle-lease";
import { CycleRunner } from "./cycle-runner";
import { createTargetClient } from "../apply/create-target-client";
import { engineConfig, quarantineBackoffMs } from "./engine-config";
import { loadJobContext } from "../store/load-job-context";
import { loadAssignmentScope } from "../store/load-source";
import { notRecentOnDemand } from "./recover-interrupted-cycles";
import { notifyJobFailure, type NotifyJobFailureInput } from "../../notify/notify-job-failure";
import type { CycleStatus, CycleSummary, CycleType } from "../sync-types";

const runCycleInput = z.object({ jobId: z.string().min(1) });

export type RunCycleOptions = {
  /** Run an initial cycle even when the job's watermark would allow an incremental one. */
  forceInitial?: boolean;
  /** Client settings for tests and benchmarks (timeouts, retry delays). */
  clientOptions?: Partial<ScimClientOptions>;
};

const QUARANTINE_REASONS = {
  InvalidCredentials: "InvalidCredentials",
  TooManyDeletes: "TooManyDeletes",
  TargetUnreachable: "TargetUnreachable",
} as const;

/**
 * Runs one cycle of a job to completion and returns its summary. Initial (everything in scope) when the
 * job needs a full sync or `forceInitial`, else incremental (changes after the watermark plus failed
 * objects). The watermark advances only when the cycle completes; bad credentials quarantine the job; a
 * cycle killed midway is redone safely (Pending intents are matched before anything is created again).
 * Throws AppError when the cycle cannot start (no credentials, another cycle running).
 */
export async function runCycle(jobId: string, options: RunCycleOptions = {}): Promise<CycleSummary> {
  runCycleInput.parse({ jobId });
  await loadJobContext(jobId); // fails early with "no provisioning job"
  const owner = newLeaseOwner();
  await acquireCycleLease(jobId, owner);
  // Keep the lease alive while the cycle runs (long Retry-After waits included).
  const heartbeat = setInterval(
    () => void renewCycleLease(jobId, owner).catch(() => {}),
    Math.max(1000, engineConfig().leaseMs / 3),
  );
  heartbeat.unref?.();
  try {
    return await runLeased(jobId, options);
  } finally {
    clearInterval(heartbeat);
    await releaseCycleLease(jobId, owner).catch(() => {});
  }
}

async function runLeased(jobId: string, options: RunCycleOptions): Promise<CycleSummary> {
  const started = Date.now();
  // We hold the lease: any cycle still marked Running was cut off (killed process).
  await markInterruptedCycles(jobId);
  const ctx = await loadJobContext(jobId);
  const abort = new AbortController();
  const client = createTargetClient(ctx, abort.signal, options.clientOptions);
  const initial = options.forceInitial === true || ctx.job.fullSyncRequired;
  const type: CycleType = initial ? "Initial" : "Incremental";
  const watermarkFrom = initial ? 0 : ctx.job.watermark;
  const watermarkTo = (await prisma.directoryChange.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
  const cycle = await prisma.cycle.create({ data: { jobId, type, status: "Running", watermarkTo } });
  // Entra shows a job Active from its first cycle on.
  if (ctx.job.status === "NotRun")
    await prisma.provisioningJob.updateMany({ where: { id: jobId, status: "NotRun" }, data: { status: "Active" } });
  const jobRow = await prisma.provisioningJob.findUniqueOrThrow({
    where: { id: jobId },
    select: { cycleIntervalMinutes: true, quarantineSince: true },
  });
  const intervalMs = (jobRow.cycleIntervalMinutes ?? env().PROVISIO_CYCLE_INTERVAL_MINUTES) * 60_000;

  let runner: CycleRunner | undefined;
  const progress = new ProgressWriter(
    cycle.id,
    () => runner,
    () => client.stats().requests,
  );
  try {
    const scope = await loadAssignmentScope(ctx.applicationId);
    const candidates = await collectCandidates({ ctx, initial, watermarkFrom, watermarkTo, scope });
    runner = new CycleRunner({ ctx, client, cycleId: cycle.id, type, scope, abort, onProgress: () => progress.tick() });
    runner.total = candidates.users.length + candidates.groups.length;
    await progress.write();
    await runner.run(candidates, { allowDeletes: ctx.job.allowDeletesOnce });
    await progress.settle();

    const now = new Date();
    const requests = client.stats().requests;
    const counts = runner.counts;
    let status: CycleStatus = counts.failed > 0 ? "Warning" : "Succeeded";
    let quarantineReason: string | null = null;
    const jobUpdate: Parameters<typeof prisma.provisioningJob.update>[0]["data"] = { lastCycleEndedAt: now };

    if (runner.credentialsError) {
      status = "Quarantined";
      quarantineReason = QUARANTINE_REASONS.InvalidCredentials;
      Object.assign(jobUpdate, quarantine(ctx.job.quarantineLevel, jobRow.quarantineSince, now, quarantineReason), {
        consecutiveFailures: ctx.job.consecutiveFailures + 1,
      });
    } else {
      const targetFailing = runner.transientFailures > 0 && runner.okOps === 0 && runner.otherFailures === 0;
      const consecutiveFailures = targetFailing ? ctx.job.consecutiveFailures + 1 : 0;
      Object.assign(jobUpdate, {
        watermark: watermarkTo,
        fullSyncRequired: false,
        allowDeletesOnce: false,
        consecutiveFailures,
      });
      if (runner.stagedDeletes > 0) {
        status = "Quarantined";
        quarantineReason = QUARANTINE_REASONS.TooManyDeletes;
      } else if (consecutiveFailures >= engineConfig().failuresBeforeQuarantine) {
        status = "Quarantined";
        quarantineReason = QUARANTINE_REASONS.TargetUnreachable;
      }
      if (quarantineReason) {
        Object.assign(jobUpdate, quarantine(ctx.job.quarantineLevel, jobRow.quarantineSince, now, quarantineReason));
      } else {
        Object.assign(jobUpdate, {
          status: ctx.job.status === "Paused" || ctx.job.status === "NotConfigured" ? ctx.job.status : "Active",
          quarantineReason: null,
          quarantineSince: null,
          quarantineLevel: 0,
          nextRunAt: new Date(now.getTime() + intervalMs),
        });
      }
    }
    const durationMs = Date.now() - started;
    await prisma.$transaction([
      prisma.cycle.update({
        where: { id: cycle.id },
        data: {
          status,
          endedAt: now,
          total: runner.total,
          processed: runner.processed,
          ...counts,
          requests,
          error: runner.credentialsError
            ? runner.credentialsError.message
            : quarantineReason === "TooManyDeletes"
              ? `${runner.stagedDeletes} disables and deletes held by the accidental deletion threshold (${ctx.job.deletionThreshold})`
              : null,
        },
      }),
      prisma.provisioningJob.update({ where: { id: jobId }, data: jobUpdate }),
    ]);
    if (quarantineReason) {
      await notify({
        jobId,
        kind: quarantineReason === "TooManyDeletes" ? "TooManyDeletes" : "Quarantine",
        reason: quarantineReason,
        cycleId: cycle.id,
      });
    }
    return {
      cycleId: cycle.id,
      jobId,
      type,
      status,
      total: runner.total,
      processed: runner.processed,
      counts: { ...counts },
      requests,
      durationMs,
      watermarkFrom,
      watermarkTo,
      error: runner.credentialsError?.message,
      quarantineReason,
    };
  } catch (e) {
    await progress.settle().catch(() => {});
    const message = e instanceof Error ? e.message : String(e);
    const now = new Date();
    await prisma.$transaction([
      prisma.cycle.update({
        where: { id: cycle.id },
        data: {
          status: "Failed",
          endedAt: now,
          error: message.slice(0, 2000),
          processed: runner?.processed ?? 0,
          ...(runner?.counts ?? {}),
          requests: client.stats().requests,
        },
      }),
      prisma.provisioningJob.update({
        where: { id: jobId },
        data: {
          consecutiveFailures: { increment: 1 },
          nextRunAt: new Date(now.getTime() + intervalMs),
          lastCycleEndedAt: now,
        },
      }),
    ]);
    await notify({ jobId, kind: "CycleFailed", reason: message.slice(0, 4000) || "Unknown error", cycleId: cycle.id });
    return {
      cycleId: cycle.id,
      jobId,
      type,
      status: "Failed",
      total: runner?.total ?? 0,
      processed: runner?.processed ?? 0,
      counts: runner?.counts ?? { created: 0, updated: 0, disabled: 0, deleted: 0, skipped: 0, failed: 0, staged: 0 },
      requests: client.stats().requests,
      durationMs: Date.now() - started,
      watermarkFrom,
      watermarkTo,
      error: message,
    };
  }
}

/** The failure email (when the job asks for it) never decides the cycle's outcome. */
async function notify(input: NotifyJobFailureInput): Promise<void> {
  try {
    await notifyJobFailure(input);
  } catch (e) {
    console.error("Could not send the provisioning failure notification:", e instanceof Error ? e.message : e);
  }
}

function quarantine(level: number, since: Date | null, now: Date, reason: string) {
  return {
    status: "Quarantine",
    quarantineReason: reason,
    quarantineSince: since ?? now,
    quarantineLevel: level + 1,
    nextRunAt: new Date(now.getTime() + quarantineBackoffMs(level)),
  };
}

/** Cycles marked Running with no live process behind them become Interrupted. */
async function markInterruptedCycles(jobId: string): Promise<number> {
  const r = await prisma.cycle.updateMany({
    where: { jobId, status: "Running", ...notRecentOnDemand() },
    data: {
      status: "Interrupted",
      endedAt: new Date(),
      error: "The process running this cycle stopped before it finished. The next cycle redoes its work.",
    },
  });
  return r.count;
}

/** Writes the cycle's progress at most every progressIntervalMs. */
class ProgressWriter {
  private last = 0;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly cycleId: string,
    private readonly runner: () => CycleRunner | undefined,
    private readonly requests: () => number,
  ) {}

  tick(): void {
    const now = Date.now();
    if (this.inFlight || now - this.last < engineConfig().progressIntervalMs) return;
    this.inFlight = this.write().finally(() => {
      this.inFlight = null;
    });
  }

  async write(): Promise<void> {
    this.last = Date.now();
    const r = this.runner();
    if (!r) return;
    await prisma.cycle.update({
      where: { id: this.cycleId },
      data: { total: r.total, processed: r.processed, ...r.counts, requests: this.requests() },
    });
  }

  async settle(): Promise<void> {
    if (this.inFlight) await this.inFlight.catch(() => {});
  }
}
