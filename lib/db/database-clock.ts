import { databaseKind } from "./database-kind";
import { sql } from "./sql/sql";
import { sqlStore } from "./sql-store";

/** How long a measured offset is trusted before the next call measures again (in the background). */
const RESYNC_MS = 60_000;
const SAMPLES = 3;

type ClockState = { offsetMs: number; syncedAt: number; syncing: Promise<void> | null };
const globalForClock = globalThis as unknown as { provisioDatabaseClock?: ClockState };
const state: ClockState = (globalForClock.provisioDatabaseClock ??= { offsetMs: 0, syncedAt: 0, syncing: null });

/**
 * The time on the database's clock, for what processes on several machines compare: the cycle and LDAP
 * leases (`leaseUntil`) and the due times their statements check. With PostgreSQL, workers and web servers
 * on many machines write and compare these times, and a machine whose clock ran two minutes ahead found
 * every lease expired and took over running cycles (one behind wrote leases already expired to the others).
 * This process's clock is corrected by its offset from the database's, measured on first use and again
 * at most once a minute (the round trip halved, the best of a few samples). SQLite serves one machine: its
 * own clock. A database that cannot be asked keeps the last offset; on first use the call fails, as the
 * statement that needed the time would have.
 */
export async function databaseNow(): Promise<Date> {
  if (databaseKind() === "postgres") {
    if (state.syncedAt === 0) await sync();
    else if (Date.now() - state.syncedAt > RESYNC_MS) void sync().catch(() => {});
  }
  return new Date(Date.now() + state.offsetMs);
}

function sync(): Promise<void> {
  return (state.syncing ??= measure().finally(() => (state.syncing = null)));
}

async function measure(): Promise<void> {
  const store = sqlStore();
  let best: { rtt: number; offset: number } | null = null;
  for (let i = 0; i < SAMPLES; i++) {
    const sentAt = Date.now();
    const rows = await store.all(sql`SELECT ${store.dialect.clockMs} AS "ms"`);
    const answeredAt = Date.now();
    const rtt = answeredAt - sentAt;
    const offset = Number(rows[0]!.ms) - (sentAt + answeredAt) / 2;
    if (!best || rtt < best.rtt) best = { rtt, offset };
  }
  state.offsetMs = Math.round(best!.offset);
  state.syncedAt = Date.now();
}
