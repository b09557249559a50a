import { prisma } from "../db/prisma";
import { isAppError } from "../errors";
import { recoverInterruptedCycles } from "../sync/cycle/recover-interrupted-cycles";
import { runCycle } from "../sync/cycle/run-cycle";
import { env } from "../env";
import { runCycleInChildProcess } from "./cycle-process";
import { recordCycleProcessFailure } from "./record-cycle-process-failure";

/**
 * The in-process scheduler: every few seconds it picks enabled jobs whose nextRunAt is due and runs one
 * cycle per job at a time (an in-process set here, and the job's lease in the database so two processes
 * never run one job at once), at most PROVISIO_MAX_PARALLEL_CYCLES at once. Each cycle runs in a process
 * of its own (PROVISIO_CYCLE_PROCESS=child, see cycle-process.ts) or in this one ("inline"). runCycle sets
 * nextRunAt (interval, or the quarantine backoff) when it ends.
 */
type SchedulerState = {
  timer: ReturnType<typeof setInterval> | null;
  running: Map<string, Promise<unknown>>;
  ticking: boolean;
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
export function startScheduler(opts: { tickMs?: number } = {}): void {
  if (state.started) return;
  state.started = true;
  void recoverInterruptedCycles()
    .catch((e) => console.error("Scheduler: could not recover interrupted cycles:", e instanceof Error ? e.message : e))
    .finally(() => void tick());
  state.timer = setInterval(() => void tick(), opts.tickMs ?? TICK_MS);
  state.timer.unref?.();
}

export function stopScheduler(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
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
  if (state.ticking) return;
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
      const run = (PROVISIO_CYCLE_PROCESS === "child" ? runCycleInChildProcess(id) : runCycle(id))
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
  }
}
