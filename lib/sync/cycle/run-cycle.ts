import type { Cycle, Prisma } from "@prisma/client";
import { z } from "zod";
import { databaseNow } from "../../db/database-clock";
import { prisma } from "../../db/prisma";
import { TOKEN_NOT_BOUND_CODE } from "../../applications/provisioning/tenant-url-origin";
import { env } from "../../env";
import { isAppError } from "../../errors";
import { notifyJobFailure, type NotifyJobFailureInput } from "../../notify/notify-job-failure";
import type { ScimClient, ScimClientOptions } from "../../scim/create-scim-client";
import { createTargetClient } from "../apply/create-target-client";
import { collectCandidates } from "../plan/collect-candidates";
import { loadJobContext, type JobContext } from "../store/load-job-context";
import { loadAssignmentScope } from "../store/load-source";
import { deleteSnapshot } from "../store/target-snapshot";
import type { CycleSummary, CycleType } from "../sync-types";
import { acquireCycleLease, cycleLeaseLost, newLeaseOwner, releaseCycleLease } from "./cycle-lease";
import { CycleRunner } from "./cycle-runner";
import { decideCycleOutcome } from "./decide-cycle-outcome";
import { engineConfig } from "../engine-config";
import { LeaseFence } from "./lease-fence";
import { ProgressWriter } from "./progress-writer";
import { quarantineUnboundToken } from "./quarantine-unbound-token";
import { rememberPutOnlyTarget } from "./remember-put-only-target";
import { notRecentOnDemand } from "./recover-interrupted-cycles";

const runCycleInput = z.object({ jobId: z.string().min(1) });

export type RunCycleOptions = {
  /** Run an initial cycle even when the job's watermark would allow an incremental one. */
  forceInitial?: boolean;
  /** Client settings for tests and benchmarks (timeouts, retry delays). */
  clientOptions?: Partial<ScimClientOptions>;
  /** The lease owner that holds the job's lease for this cycle and hands it over (a cycle process's parent). */
  leaseFrom?: string;
  /** A scheduled cycle: runs only while the job is due (cycle-lease.ts), else throws cycle.not_due. */
  onlyIfDue?: boolean;
};

/**
 * Runs one cycle of a job to completion and returns its summary. Initial (everything in scope) when the
 * job needs a full sync or `forceInitial`, else incremental (changes after the watermark plus failed
 * objects). An initial cycle reconciles with the target: it reads the linked objects' actual state and
 * corrects every difference (attributes, objects deleted there, group members); an incremental one
 * compares with the connector data store and sends nothing when nothing changed. The watermark advances only when the cycle completes; bad credentials quarantine the job; a
 * cycle killed midway is redone safely (Pending intents are matched before anything is created again).
 * Throws AppError when the cycle cannot start (no credentials, another cycle running), and cycle.lease_lost
 * when another process took the lease over while this one stalled: the cycle stops sending at once and
 * its end writes nothing, so its cycle row stays as the new owner marked it (Interrupted).
 */
export async function runCycle(jobId: string, options: RunCycleOptions = {}): Promise<CycleSummary> {
  runCycleInput.parse({ jobId });
  await loadJobContext(jobId); // fails early with "no provisioning job"
  // This process's own owner, also after a hand-over (leaseFrom): the one the fence checks.
  const owner = newLeaseOwner();
  const acquiredAt = Date.now();
  await acquireCycleLease(jobId, owner, { from: options.leaseFrom, onlyIfDue: options.onlyIfDue });
  const abort = new AbortController();
  const fence = new LeaseFence({ jobId, owner, abort, acquiredAt });
  // Keep the lease alive while the cycle runs (long Retry-After waits included); stop once it is lost.
  const heartbeat = setInterval(() => fence.heartbeat(), Math.max(1000, engineConfig().leaseMs / 3));
  heartbeat.unref?.();
  try {
    return await runLeased({ jobId, owner, abort, fence }, options);
  } finally {
    clearInterval(heartbeat);
    await releaseCycleLease(jobId, owner).catch(() => {});
  }
}

/** The job's lease as this cycle holds it. */
type Lease = { jobId: string; owner: string; abort: AbortController; fence: LeaseFence };

/** A cycle row written and running: what its end (success or failure) needs to know. */
type StartedCycle = {
  jobId: string;
  /** The lease owner: the cycle's end is written only while it holds the lease. */
  owner: string;
  ctx: JobContext;
  client: ScimClient;
  abort: AbortController;
  type: CycleType;
  initial: boolean;
  watermarkFrom: number;
  watermarkTo: number;
  cycle: Cycle;
  quarantineSince: Date | null;
  intervalMs: number;
  /** Date.now() when the leased run began. */
  started: number;
};

async function runLeased(lease: Lease, options: RunCycleOptions): Promise<CycleSummary> {
  const { jobId } = lease;
  const started = Date.now();
  // We hold the lease: any cycle still marked Running was cut off (killed process).
  await markInterruptedCycles(jobId);
  const c = await startCycle(lease, options, started);
  if ("summary" in c) return c.summary;
  const { ctx, client } = c;
  let runner: CycleRunner | undefined;
  const progress = new ProgressWriter(
    c.cycle.id,
    () => runner,
    () => client.stats().requests,
  );
  try {
    const scope = await loadAssignmentScope(ctx.applicationId);
    const { initial, watermarkFrom, watermarkTo, type, abort } = c;
    const candidates = await collectCandidates({ ctx, initial, watermarkFrom, watermarkTo, scope });
    runner = new CycleRunner({
      ctx,
      client,
      cycleId: c.cycle.id,
      type,
      scope,
      abort,
      onProgress: () => progress.tick(),
      // An initial cycle (after Restart, or a changed mapping or scope) reads the target's own state.
      reconcile: initial ? { readId: c.cycle.id } : undefined,
    });
    runner.total = candidates.users.length + candidates.groups.length;
    await progress.write();
    await runner.run(candidates, { allowDeletes: ctx.job.allowDeletesOnce });
    await progress.settle();
    await rememberPutOnlyTarget(ctx, client).catch(() => {});
    return await completeCycle(c, runner);
  } catch (e) {
    await progress.settle().catch(() => {});
    await rememberPutOnlyTarget(ctx, client).catch(() => {});
    return await failCycle(c, runner, e);
  } finally {
    // The target's state read by a reconcile is kept no longer than the cycle that compared with it.
    if (c.initial) await deleteSnapshot(jobId, c.cycle.id).catch(() => {});
  }
}

/** Loads the job, opens the target client, reads the watermarks and writes the Running cycle row. */
async function startCycle(
  { jobId, owner, abort, fence }: Lease,
  options: RunCycleOptions,
  started: number,
): Promise<StartedCycle | { summary: CycleSummary }> {
  const ctx = await loadJobContext(jobId);
  const initial = options.forceInitial === true || ctx.job.fullSyncRequired;
  const type: CycleType = initial ? "Initial" : "Incremental";
  let client: ScimClient;
  try {
    // Every request first passes the fence: nothing is sent once the lease may be another's.
    client = createTargetClient(ctx, abort.signal, { ...options.clientOptions, beforeSend: () => fence.check() });
  } catch (e) {
    // The saved token belongs to another host: send nothing, quarantine with the reason.
    if (isAppError(e) && e.code === TOKEN_NOT_BOUND_CODE)
      return { summary: await quarantineUnboundToken(ctx, { type, message: e.message, started }) };
    throw e;
  }
  const watermarkFrom = initial ? 0 : ctx.job.watermark;
  const watermarkTo = (await prisma.directoryChange.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
  const cycle = await prisma.cycle.create({
    data: { jobId, type, status: "Running", watermarkTo, startedAt: await databaseNow() },
  });
  // Entra shows a job Active from its first cycle on.
  if (ctx.job.status === "NotRun")
    await prisma.provisioningJob.updateMany({ where: { id: jobId, status: "NotRun" }, data: { status: "Active" } });
  const jobRow = await prisma.provisioningJob.findUniqueOrThrow({
    where: { id: jobId },
    select: { cycleIntervalMinutes: true, quarantineSince: true },
  });
  const intervalMs = (jobRow.cycleIntervalMinutes ?? env().PROVISIO_CYCLE_INTERVAL_MINUTES) * 60_000;
  return {
    jobId,
    owner,
    ctx,
    client,
    abort,
    type,
    initial,
    watermarkFrom,
    watermarkTo,
    cycle,
    quarantineSince: jobRow.quarantineSince,
    intervalMs,
    started,
  };
}

/** The cycle ran to its end: its outcome, the watermark and quarantine in one transaction, then notify. */
async function completeCycle(c: StartedCycle, runner: CycleRunner): Promise<CycleSummary> {
  const { jobId, ctx, cycle } = c;
  const now = await databaseNow();
  const requests = c.client.stats().requests;
  const counts = runner.counts;
  const { status, quarantineReason, jobUpdate } = decideCycleOutcome({
    result: runner,
    job: ctx.job,
    quarantineSince: c.quarantineSince,
    intervalMs: c.intervalMs,
    watermarkTo: c.watermarkTo,
    now,
  });
  const durationMs = Date.now() - c.started;
  await endCycleUnderLease(c, jobUpdate, {
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
  });
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
    type: c.type,
    status,
    total: runner.total,
    processed: runner.processed,
    counts: { ...counts },
    requests,
    durationMs,
    watermarkFrom: c.watermarkFrom,
    watermarkTo: c.watermarkTo,
    error: runner.credentialsError?.message,
    quarantineReason,
  };
}

/** The cycle stopped on an error: it is Failed, the watermark stays, the job retries after its interval. */
async function failCycle(c: StartedCycle, runner: CycleRunner | undefined, e: unknown): Promise<CycleSummary> {
  const { jobId, cycle } = c;
  const message = e instanceof Error ? e.message : String(e);
  const now = await databaseNow();
  // A cycle stopped by losing its lease throws cycle.lease_lost here, before anything is written.
  await endCycleUnderLease(
    c,
    { consecutiveFailures: { increment: 1 }, nextRunAt: new Date(now.getTime() + c.intervalMs), lastCycleEndedAt: now },
    {
      status: "Failed",
      endedAt: now,
      error: message.slice(0, 2000),
      processed: runner?.processed ?? 0,
      ...(runner?.counts ?? {}),
      requests: c.client.stats().requests,
    },
  );
  await notify({ jobId, kind: "CycleFailed", reason: message.slice(0, 4000) || "Unknown error", cycleId: cycle.id });
  return {
    cycleId: cycle.id,
    jobId,
    type: c.type,
    status: "Failed",
    total: runner?.total ?? 0,
    processed: runner?.processed ?? 0,
    counts: runner?.counts ?? { created: 0, updated: 0, disabled: 0, deleted: 0, skipped: 0, failed: 0, staged: 0 },
    requests: c.client.stats().requests,
    durationMs: Date.now() - c.started,
    watermarkFrom: c.watermarkFrom,
    watermarkTo: c.watermarkTo,
    error: message,
  };
}

/**
 * Writes the cycle's end and the job's new state in one transaction, only while this cycle's owner holds
 * the lease. An owner that stalled past its lease and resumes at its very end finds the job taken over
 * (or released by recovery): it throws cycle.lease_lost and writes nothing, so neither its cycle row
 * (left Interrupted) nor the job's watermark, schedule and counters overwrite what the new owner wrote.
 * The job's row is updated first: on PostgreSQL that locks it, so a takeover waits for this to commit.
 */
async function endCycleUnderLease(
  c: StartedCycle,
  jobUpdate: Prisma.ProvisioningJobUpdateManyMutationInput,
  cycleUpdate: Prisma.CycleUpdateInput,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const held = await tx.provisioningJob.updateMany({ where: { id: c.jobId, leaseOwner: c.owner }, data: jobUpdate });
    if (held.count === 0) throw cycleLeaseLost();
    await tx.cycle.update({ where: { id: c.cycle.id }, data: cycleUpdate });
  });
}

/** The failure email (when the job asks for it) never decides the cycle's outcome. */
async function notify(input: NotifyJobFailureInput): Promise<void> {
  try {
    await notifyJobFailure(input);
  } catch (e) {
    console.error("Could not send the provisioning failure notification:", e instanceof Error ? e.message : e);
  }
}

/** Cycles marked Running with no live process behind them become Interrupted. */
async function markInterruptedCycles(jobId: string): Promise<number> {
  const now = await databaseNow();
  const r = await prisma.cycle.updateMany({
    where: { jobId, status: "Running", ...notRecentOnDemand(now) },
    data: {
      status: "Interrupted",
      endedAt: now,
      error: "The process running this cycle stopped before it finished. The next cycle redoes its work.",
    },
  });
  return r.count;
}
