import { prisma } from "../db/prisma";
import { findRelevantChanges, type ChangeRow } from "./find-relevant-changes";
import { databaseNow } from "../db/database-clock";

/**
 * Changes reach targets in seconds: the one place that decides when a directory change wakes a provisioning
 * job. The scheduler calls it on a short tick (CHANGE_TICK_MS); it reads the change sequence, so a change
 * written by any process (the UI, an import, a SCIM push, the CLI) is seen the same way.
 *
 * For each job that is On and Active and whose watermark is behind the sequence, the changes after what it
 * has already looked at are checked for relevance (findRelevantChanges). Relevant changes are pending until a
 * cycle's watermark passes them. A burst is debounced: the job is woken once no new relevant change came for
 * CHANGE_QUIET_MS, or CHANGE_MAX_WAIT_MS after the first one, whichever is sooner. Waking sets nextRunAt to
 * now; the scheduler then starts an incremental cycle, never beside a running cycle of the same job (its
 * in-process set and the job's lease see to that). A job still running when woken is woken again on a later
 * tick, because its pending changes stay pending until its watermark moves past them.
 *
 * Issue 17 moves cycles onto a job queue; this function is what it replaces (enqueue instead of nextRunAt).
 */

export const CHANGE_TICK_MS = 500;
export const CHANGE_QUIET_MS = 750;
export const CHANGE_MAX_WAIT_MS = 2_500;
/** Changes read per job and tick; a longer backlog is taken over the next ticks (and is relevant anyway). */
const MAX_CHANGES_PER_TICK = 5_000;

/**
 * A woken job whose pending changes are at most this many, and whose next cycle is incremental, runs that
 * cycle in the server process (like provisioning on demand): starting a cycle process costs seconds on a
 * small machine (Node, the TypeScript loader, Prisma), more than such a cycle itself. Larger bursts still go
 * to a cycle process with its capped heap.
 */
export const INLINE_WAKE_MAX_CHANGES = 200;

type Pending = { firstAt: number; lastAt: number; maxSeq: number; count: number };
/** `woken`: when this process last woke the job for its pending changes, and the watermark it had then. */
type JobWatch = {
  watermark: number;
  checkedTo: number;
  pending: Pending | null;
  woken: { at: number; watermark: number } | null;
  /** The job's next cycle is incremental (it has a watermark and no full sync is required). */
  incremental: boolean;
};
type WatchState = { head: number; jobs: Map<string, JobWatch> };

const globalState = globalThis as unknown as { provisioChangeWatch?: WatchState };
const state: WatchState = (globalState.provisioChangeWatch ??= { head: 0, jobs: new Map() });

export type WakeResult = { woken: string[]; pending: string[] };

async function checkNewChanges(
  job: { id: string; applicationId: string; scope: string; watermark: number },
  watch: JobWatch,
  head: number,
): Promise<void> {
  const from = Math.max(job.watermark, watch.checkedTo);
  if (head <= from) return;
  const changes: ChangeRow[] = await prisma.directoryChange.findMany({
    where: { seq: { gt: from, lte: head } },
    orderBy: { seq: "asc" },
    take: MAX_CHANGES_PER_TICK,
    select: { seq: true, objectType: true, objectId: true, at: true },
  });
  if (changes.length === 0) {
    watch.checkedTo = head;
    return;
  }
  watch.checkedTo = changes[changes.length - 1].seq;
  const relevant = changes.length === MAX_CHANGES_PER_TICK ? changes : await findRelevantChanges(job, changes);
  if (relevant.length === 0) return;
  const firstAt = relevant[0].at.getTime();
  const lastAt = relevant[relevant.length - 1].at.getTime();
  const maxSeq = relevant[relevant.length - 1].seq;
  const count = (watch.pending?.count ?? 0) + relevant.length;
  watch.pending = watch.pending
    ? {
        firstAt: Math.min(watch.pending.firstAt, firstAt),
        lastAt: Math.max(watch.pending.lastAt, lastAt),
        maxSeq,
        count,
      }
    : { firstAt, lastAt, maxSeq, count };
}

/**
 * A cycle that started after the pending changes carried them (its watermarkTo, fixed at its start, covers
 * them), whatever its outcome: a failed cycle's retry is the interval's or the quarantine's, so a failing
 * target is not tried again on every tick for changes it has already been sent.
 */
async function forgetCarriedChanges(jobId: string, watch: JobWatch): Promise<void> {
  const last = await prisma.cycle.findFirst({
    where: { jobId, endedAt: { not: null } },
    orderBy: { startedAt: "desc" },
    select: { watermarkTo: true },
  });
  if (watch.pending && last?.watermarkTo != null && last.watermarkTo >= watch.pending.maxSeq) watch.pending = null;
}

/** Checks the change sequence once and wakes the jobs whose relevant changes have settled. */
export async function wakeJobsForDirectoryChanges(
  opts: { now?: number; isRunning?: (jobId: string) => boolean } = {},
): Promise<WakeResult> {
  const now = opts.now ?? (await databaseNow()).getTime();
  const top = await prisma.directoryChange.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  const head = top?.seq ?? 0;
  const quiet = head === state.head && [...state.jobs.values()].every((w) => !w.pending);
  state.head = head;
  if (quiet) return { woken: [], pending: [] };

  const jobs = await prisma.provisioningJob.findMany({
    where: { enabled: true, status: "Active", nextRunAt: { not: null } },
    select: {
      id: true,
      applicationId: true,
      scope: true,
      watermark: true,
      nextRunAt: true,
      leaseUntil: true,
      lastCycleEndedAt: true,
      fullSyncRequired: true,
    },
  });
  const seen = new Set<string>();
  const result: WakeResult = { woken: [], pending: [] };
  for (const job of jobs) {
    seen.add(job.id);
    let watch = state.jobs.get(job.id);
    if (!watch) {
      watch = { watermark: job.watermark, checkedTo: job.watermark, pending: null, woken: null, incremental: false };
      state.jobs.set(job.id, watch);
    }
    watch.incremental = job.watermark > 0 && !job.fullSyncRequired;
    if (watch.watermark !== job.watermark) {
      watch.watermark = job.watermark;
      watch.woken = null;
    }
    if (watch.pending && job.watermark >= watch.pending.maxSeq) watch.pending = null;
    // Woken, ran, and the watermark did not move (a failed cycle): leave it to its schedule, do not loop.
    if (watch.woken && job.lastCycleEndedAt && job.lastCycleEndedAt.getTime() >= watch.woken.at) {
      watch.pending = null;
      watch.woken = null;
    }
    if (job.watermark < head) await checkNewChanges(job, watch, head);
    if (watch.pending && job.lastCycleEndedAt && job.lastCycleEndedAt.getTime() >= watch.pending.lastAt)
      await forgetCarriedChanges(job.id, watch);
    const pending = watch.pending;
    if (!pending) continue;
    const settled = now - pending.lastAt >= CHANGE_QUIET_MS || now - pending.firstAt >= CHANGE_MAX_WAIT_MS;
    const running = opts.isRunning?.(job.id) || (job.leaseUntil !== null && job.leaseUntil.getTime() > now);
    if (!settled || running) {
      result.pending.push(job.id);
      continue;
    }
    if (job.nextRunAt && job.nextRunAt.getTime() > now) {
      await prisma.provisioningJob.updateMany({
        where: { id: job.id, enabled: true, status: "Active" },
        data: { nextRunAt: new Date(now) },
      });
    }
    watch.woken ??= { at: now, watermark: job.watermark };
    result.woken.push(job.id);
  }
  for (const id of [...state.jobs.keys()]) if (!seen.has(id)) state.jobs.delete(id);
  return result;
}

/** Whether a job just woken should run its cycle in this process (see INLINE_WAKE_MAX_CHANGES). */
export function isSmallWake(jobId: string): boolean {
  const watch = state.jobs.get(jobId);
  return !!watch?.pending && watch.incremental && watch.pending.count <= INLINE_WAKE_MAX_CHANGES;
}

/** Forgets what was checked (tests start from a clean slate). */
export function resetChangeWatch(): void {
  state.head = 0;
  state.jobs.clear();
}
