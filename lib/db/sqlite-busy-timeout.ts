import Database from "libsql";

/**
 * Two adjustments to the connections Prisma's libSQL adapter opens, so that several writers share one file
 * (the server, cycle processes, the cycle's database thread, the CLI):
 *
 * - SQLite answers SQLITE_BUSY at once when another connection holds the write lock, and libsql's client
 *   offers no busy-timeout option. Each connection gets `PRAGMA busy_timeout` on first use, so writers
 *   wait their turn instead of failing.
 * - Prisma starts transactions with BEGIN DEFERRED. A deferred transaction that reads, and then writes
 *   after another connection committed, cannot take the write lock (its snapshot is stale): SQLite
 *   refuses at once, without waiting, and Prisma reports a timeout. With cycles writing from their own
 *   connection that window is real, so transactions start with BEGIN IMMEDIATE: they take the write lock
 *   first (waiting up to the busy timeout) and never fail half-way. The cost is that a transaction waits
 *   for a cycle's current batch (tens of milliseconds) before it starts.
 */
const BUSY_TIMEOUT_MS = 10_000;
const patched = Symbol.for("provisio.sqliteBusyTimeout");

type LibsqlDatabase = {
  prepare(sql: string): unknown;
  exec(sql: string): unknown;
  [patched]?: boolean;
};

/** BEGIN and BEGIN DEFERRED (what Prisma's adapter sends) become BEGIN IMMEDIATE; nothing else changes. */
export function immediate(sql: string): string {
  return /^\s*BEGIN(\s+DEFERRED)?(\s+TRANSACTION)?\s*;?\s*$/i.test(sql) ? "BEGIN IMMEDIATE" : sql;
}

export function installSqliteBusyTimeout(): void {
  const proto = (Database as unknown as { prototype: LibsqlDatabase & Record<symbol, unknown> }).prototype;
  if (proto[patched]) return;
  const prepare = proto.prepare;
  const exec = proto.exec;
  const ensure = (db: LibsqlDatabase & { __busyTimeoutSet?: boolean }) => {
    if (db.__busyTimeoutSet) return;
    db.__busyTimeoutSet = true;
    // PRAGMA busy_timeout answers with a row, which exec() refuses: run it as a statement.
    (prepare.call(db, `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`) as { all(): unknown }).all();
  };
  proto.prepare = function (this: LibsqlDatabase, sql: string) {
    ensure(this);
    return prepare.call(this, immediate(sql));
  };
  proto.exec = function (this: LibsqlDatabase, sql: string) {
    ensure(this);
    return exec.call(this, immediate(sql));
  };
  proto[patched] = true;
}
