import Database from "libsql";

/**
 * SQLite answers SQLITE_BUSY at once when another process (the CLI, a second server) holds the write lock,
 * and libsql's client offers no busy-timeout option. Each connection it opens gets `PRAGMA busy_timeout`
 * on first use, so writers wait their turn instead of failing. Within one process Prisma's libSQL adapter
 * already serialises queries and transactions, so this only ever waits for another process.
 */
const BUSY_TIMEOUT_MS = 10_000;
const patched = Symbol.for("provisio.sqliteBusyTimeout");

type LibsqlDatabase = {
  prepare(sql: string): unknown;
  exec(sql: string): unknown;
  [patched]?: boolean;
};

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
    return prepare.call(this, sql);
  };
  proto.exec = function (this: LibsqlDatabase, sql: string) {
    ensure(this);
    return exec.call(this, sql);
  };
  proto[patched] = true;
}
