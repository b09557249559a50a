import { longWriteRunning } from "../db/long-write";
import { prisma } from "../db/prisma";
import { isAppError } from "../errors";
import { recoverInterruptedCycles } from "../sync/cycle/recover-interrupted-cycles";
import { runCycle } from "../sync/cycle/run-cycle";
import { env } from "../env";
import { runCycleInChildProcess } from "./cycle-process";
import { recordCycleProcessFailure } from "./record-cycle-process-failure";
import { CHANGE_TICK_MS, isSmallWake, wakeJobsForDirectoryChanges } from "./wake-jobs-for-directory-changes";

/**
 * The in-process scheduler: every few seconds it picks enabled jobs whose nextRunAt is due and runs one
 * cycle per job at a time (an in-process set here, and the job's lease in the database so two processes
 * never run one job at once), at most PROVISIO_MAX_PARALLEL_CYCLES at once. Each cycle runs in a process
 * of its own (PROVISIO_CYCLE_PROCESS=child, see cycle-process.ts) or in this one ("inline"). runCycle sets
 * nextRunAt (interval, or the quarantine backoff) when it ends. A second, shorter tick wakes the jobs that
 * directory changes affect (wake-jobs-for-directory-changes.ts).
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
    // Cycles left Running by a process that died since (a killed CLI run, another server) are released.
    await recoverInterruptedCycles();
    const due = await prisma.provisioningJob.findMany({
      where: { enabled: true, nextRunAt: { lte: new Date() }, status: { notIn: ["NotConfigured", "Paused"] } },
      select: { id: true },
      orderBy: { nextRunAt: "asc" },
    });
    const { PROVISIO_CYCLE_PROCESS, PROVISIO_MAX_PARALLEL_CYCLES } = env();
    for (const { id } of due) {
      if (state.running.has(id)) continue;
      if (state.running.size >= PROVISIO_MAX_PARALLEL_CYCLES) break; // the rest wait for the next tick
      const inline = PROVISIO_CYCLE_PROCESS !== "child" || state.inlineNext?.has(id) === true;
      state.inlineNext?.delete(id);
      const run = (inline ? runCycle(id) : runCycleInChildProcess(id))
        .catch((e) => {
          // Another process holds the lease, or credentials are missing: try again later.
          if (!isAppError(e) || e.code !== "cycle.running") {
            console.error(`Scheduler: cycle for job ${id} could not run:`, e instanceof Error ? e.message : e);
          }
          if (isAppError(e) && e.code === "credentials.missing") {
            return prisma.provisioningJob.update({ where: { id }, data: { nextRunAt: null } }).catch(() => {});
          }
          // The cycle process stopped without an answer: a failed cycle, retried after the interval.
          if (isAppError(e) && e.code === "cycle.process") {
            return recordCycleProcessFailure(id, e.message).then(
              () => {},
              (err) =>
                console.error(
                  `Scheduler: could not record the failed cycle of job ${id}:`,
                  err instanceof Error ? err.message : err,
                ),
            );
          }
        })
        .finally(() => state.running.delete(id));
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
