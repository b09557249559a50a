/**
 * Long writes started by this process in another one (today: a bulk import's process, which holds SQLite's
 * write lock for the whole import, seconds to a minute). While one runs, this process's own background work
 * (the provisioning scheduler, LDAP syncs, log pruning) waits for the next tick: on SQLite, a write from this
 * process would wait for that lock inside libsql's synchronous driver, with the event loop blocked, and the
 * server would stop answering everyone until the import ends. On PostgreSQL there is no such lock: nothing
 * waits. Requests from people are not held back; they are rare next to the background ticks.
 */
const state = globalThis as unknown as { provisioLongWrites?: number };

/** Runs `work`, a write held in another process, with this process's background writes paused meanwhile. */
export async function whileLongWriteRuns<T>(work: () => Promise<T>): Promise<T> {
  state.provisioLongWrites = (state.provisioLongWrites ?? 0) + 1;
  try {
    return await work();
  } finally {
    state.provisioLongWrites = (state.provisioLongWrites ?? 1) - 1;
  }
}

/** Background work should wait for its next tick: a long write holds the database's write lock. */
export function longWriteRunning(): boolean {
  return (state.provisioLongWrites ?? 0) > 0;
}
