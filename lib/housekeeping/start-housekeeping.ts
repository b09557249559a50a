import { longWriteRunning } from "../db/long-write";
import { deleteIdleTargetRateBuckets } from "../db/sql/target-rate-buckets";
import { sqlStore } from "../db/sql-store";
import { pruneLogs } from "../logs/prune-logs";

type HousekeepingState = { first: ReturnType<typeof setTimeout> | null; timer: ReturnType<typeof setInterval> | null };
const globalState = globalThis as unknown as { provisioHousekeeping?: HousekeepingState };
const state: HousekeepingState = (globalState.provisioHousekeeping ??= { first: null, timer: null });

const HOUR = 60 * 60 * 1000;

/** One round: log retention, then the shared rate buckets of targets nobody sent to for a day. */
async function runHousekeeping(): Promise<void> {
  if (longWriteRunning()) return; // the next round prunes (see long-write.ts)
  try {
    const r = await pruneLogs();
    if (r.logEntries > 0)
      console.log(
        `Log retention: deleted ${r.logEntries} provisioning log entries older than ${r.cutoff.toISOString()}`,
      );
  } catch (e) {
    console.error("Log retention: pruning failed:", e instanceof Error ? e.message : e);
  }
  try {
    await deleteIdleTargetRateBuckets(sqlStore(), 24 * HOUR);
  } catch (e) {
    console.error("Rate buckets: pruning failed:", e instanceof Error ? e.message : e);
  }
}

/**
 * Runs housekeeping shortly after start, then every hour, in every web server and every worker: with
 * PostgreSQL and workers, the web servers may all be down while cycles keep writing log entries. Each round
 * deletes in short batches, so several processes doing it at once only find less to delete. Safe to call
 * again (dev reloads).
 */
export function startHousekeeping(opts: { intervalMs?: number; firstDelayMs?: number } = {}): void {
  if (state.timer) return;
  state.first = setTimeout(() => void runHousekeeping(), opts.firstDelayMs ?? 30_000);
  state.first.unref?.();
  state.timer = setInterval(() => void runHousekeeping(), opts.intervalMs ?? HOUR);
  state.timer.unref?.();
}

/** Stops the rounds (a worker's shutdown, the end of a test). */
export function stopHousekeeping(): void {
  if (state.first) clearTimeout(state.first);
  if (state.timer) clearInterval(state.timer);
  state.first = null;
  state.timer = null;
}
