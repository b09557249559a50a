import { longWriteRunning } from "../db/long-write";
import { recoverInterruptedCycles } from "../sync/cycle/recover-interrupted-cycles";
import { env } from "../env";
import { enqueueCycles } from "./queue/cycle-queue";
import { cyclesOnQueue } from "./queue/queue-mode";
import { findDueJobs, runScheduledCycle } from "./run-scheduled-cycle";
import { CHANGE_TICK_MS, isSmallWake, wakeJobsForDirectoryChanges } from "./wake-jobs-for-directory-changes";

/**
 * The in-process scheduler: every few seconds it picks enabled jobs whose nextRunAt is due and runs one
 * cycle per job at a time (an in-process set here, and the job's lease in the database so two processes
 * never run one job at once), at most PROVISIO_MAX_PARALLEL_CYCLES at once. Each cycle runs in a process
 * of its own (PROVISIO_CYCLE_PROCESS=child, see cycle-process.ts) or in this one ("inline"). runCycle sets
 * nextRunAt (interval, or the quarantine backoff) when it ends. A second, shorter tick wakes the jobs that
 * directory changes affect (wake-jobs-for-directory-changes.ts). With PROVISIO_WORKERS=queue (PostgreSQL) it
 * runs no cycle: each tick enqueues the due jobs on the job queue, and `npm run worker` runs them.
 */
type SchedulerState = {
  timer: ReturnType<typeof setInterval> | null;
  changeTimer?: ReturnType<typeof setInterval> | null;
  running: Map<string, Promise<unknown>>;
  ticking: boolean;
  watching?: boolean;
  /** A wake-up arrived while a tick was running: tick once more when it ends. */
  tickAgain?: boolean;
  /** Jobs woken by a few directory changes: their next cycle runs in this process (isSmallWake). */
  inlineNext?: Set<string>;
  started: boolean;
};

const TICK_MS = 5_000;
const globalState = globalThis as unknown as { provisioScheduler?: SchedulerState };
const state: SchedulerState = (globalState.provisioScheduler ??= {
  timer: null,
  running: new Map(),
  ticking: false,
  started: false,
});

/** Starts the scheduler once per process (safe to call again, e.g. on dev reloads). */
export function startScheduler(opts: { tickMs?: number; changeTickMs?: number } = {}): void {
  if (state.started) return;
  state.started = true;
  void recoverInterruptedCycles()
    .catch((e) => console.error("Scheduler: could not recover interrupted cycles:", e instanceof Error ? e.message : e))
    .finally(() => void tick());
  state.timer = setInterval(() => void tick(), opts.tickMs ?? TICK_MS);
  state.timer.unref?.();
  // Directory changes wake the jobs they affect within seconds (wake-jobs-for-directory-changes.ts).
  state.changeTimer = setInterval(() => void watchChanges(), opts.changeTickMs ?? CHANGE_TICK_MS);
  state.changeTimer.unref?.();
}

async function watchChanges(): Promise<void> {
  if (state.watching || longWriteRunning()) return;
  state.watching = true;
  try {
    const { woken } = await wakeJobsForDirectoryChanges({ isRunning: (id) => state.running.has(id) });
    if (woken.length > 0) {
      state.inlineNext ??= new Set();
      for (const id of woken) if (isSmallWake(id)) state.inlineNext.add(id);
      await tick();
    }
  } catch (e) {
    console.error("Scheduler: checking directory changes failed:", e instanceof Error ? e.message : e);
  } finally {
    state.watching = false;
  }
}

export function stopScheduler(): void {
  if (state.timer) clearInterval(state.timer);
  if (state.changeTimer) clearInterval(state.changeTimer);
  state.timer = null;
  state.changeTimer = null;
  state.started = false;
}

/** Runs due jobs now (after provisioning is turned On, a restart, or "allow deletes"). */
export function wakeScheduler(): void {
  void tick();
}

/** Cycles started by this process that have not finished (tests await them). */
export async function idleScheduler(): Promise<void> {
  while (state.running.size > 0) await Promise.allSettled([...state.running.values()]);
}

async function tick(): Promise<void> {
  // A bulk import holds the write lock: due jobs wait (see long-write.ts); the next tick after it runs them.
  if (longWriteRunning()) return;
  if (state.ticking) {
    state.tickAgain = true;
    return;
  }
  state.ticking = true;
  try {
    // Cycles left Running by a process that died since (a killed CLI run, another server, a worker) are released.
    await recoverInterruptedCycles();
    // On PostgreSQL with workers, this process only enqueues: one queue job per due job, at most one waiting
    // per job whichever instance sends it (lib/jobs/queue). Jobs whose cycle runs (lease held) wait for it.
    if (cyclesOnQueue()) {
      await enqueueCycles(await findDueJobs({ freeOnly: true }));
      return;
    }
    const due = await findDueJobs({ freeOnly: false });
    const { PROVISIO_CYCLE_PROCESS, PROVISIO_MAX_PARALLEL_CYCLES } = env();
    for (const id of due) {
      if (state.running.has(id)) continue;
      if (state.running.size >= PROVISIO_MAX_PARALLEL_CYCLES) break; // the rest wait for the next tick
      const inline = PROVISIO_CYCLE_PROCESS !== "child" || state.inlineNext?.has(id) === true;
      state.inlineNext?.delete(id);
      const run = runScheduledCycle(id, { inline }).finally(() => state.running.delete(id));
      state.running.set(id, run);
    }
  } catch (e) {
    console.error("Scheduler tick failed:", e instanceof Error ? e.message : e);
  } finally {
    state.ticking = false;
    if (state.tickAgain) {
      state.tickAgain = false;
      void tick();
    }
  }
}
