import { longWriteRunning } from "../db/long-write";
import { deleteIdleTargetRateBuckets } from "../db/sql/target-rate-buckets";
import { sqlStore } from "../db/sql-store";
import { pruneLogs } from "./prune-logs";

type PrunerState = { timer: ReturnType<typeof setInterval> | null };
const globalState = globalThis as unknown as { provisioLogPruner?: PrunerState };
const state: PrunerState = (globalState.provisioLogPruner ??= { timer: null });

const HOUR = 60 * 60 * 1000;

async function runOnce(): Promise<void> {
  if (longWriteRunning()) return; // the next hour's run prunes (see long-write.ts)
  try {
    const r = await pruneLogs();
    if (r.logEntries > 0)
      console.log(
        `Log retention: deleted ${r.logEntries} provisioning log entries older than ${r.cutoff.toISOString()}`,
      );
  } catch (e) {
    console.error("Log retention: pruning failed:", e instanceof Error ? e.message : e);
  }
  // The same hourly housekeeping: shared rate buckets of targets nobody sent to for a day.
  try {
    await deleteIdleTargetRateBuckets(sqlStore(), 24 * HOUR);
  } catch (e) {
    console.error("Rate buckets: pruning failed:", e instanceof Error ? e.message : e);
  }
}

/**
 * Prunes old log entries and idle rate buckets shortly after start, then every hour. Safe to call again (dev
 * reloads).
 */
export function startLogPruner(opts: { intervalMs?: number; firstDelayMs?: number } = {}): void {
  if (state.timer) return;
  const first = setTimeout(() => void runOnce(), opts.firstDelayMs ?? 30_000);
  first.unref?.();
  state.timer = setInterval(() => void runOnce(), opts.intervalMs ?? HOUR);
  state.timer.unref?.();
}
