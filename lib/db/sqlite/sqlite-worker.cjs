// @ts-check
/**
 * The SQLite store's database thread (see sqlite-store.ts): one libSQL connection, statements that stay
 * prepared, and the two requests the store sends. Plain CommonJS that Node loads from this file as it is,
 * so neither the TypeScript loader nor Next.js's bundler needs to know about it; the types come from
 * sqlite-protocol.ts, and `tsc` checks this file like the rest.
 */
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("libsql");

/** @typedef {import("./sqlite-protocol").WorkerData} WorkerData */
/** @typedef {import("./sqlite-protocol").WorkerRequest} WorkerRequest */
/** @typedef {import("./sqlite-protocol").WorkerReply} WorkerReply */

if (!parentPort) throw new Error("sqlite-worker.cjs runs as a worker thread");
const port = parentPort;
const data = /** @type {WorkerData} */ (workerData);
const db = new Database(data.file);
db.prepare(`PRAGMA busy_timeout = ${Number(data.busyTimeoutMs)}`).all();
db.prepare("PRAGMA foreign_keys = ON").all();

// Statements keep a few fixed shapes (the SQLite dialect's batch sizes), so this cache stays small; it is
// bounded anyway.
/** @type {Map<string, import("libsql").Statement>} */
const cache = new Map();
/** @param {string} sql */
function prepared(sql) {
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= 200) cache.clear();
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * @param {unknown} e
 * @param {boolean} read
 * @returns {import("./sqlite-protocol").WorkerError}
 */
function describe(e, read) {
  const err = /** @type {{ message?: unknown; code?: unknown; statementIndex?: unknown } | null} */ (
    e && typeof e === "object" ? e : null
  );
  return {
    read,
    message: String(err?.message ?? e),
    code: err?.code ? String(err.code) : undefined,
    statementIndex: typeof err?.statementIndex === "number" ? err.statementIndex : undefined,
  };
}

/** @param {WorkerReply} reply */
const reply = (reply) => port.postMessage(reply);

port.on("message", (/** @type {WorkerRequest} */ request) => {
  if (request.kind === "all") {
    try {
      reply({
        id: request.id,
        rows: /** @type {Record<string, unknown>[]} */ (prepared(request.sql).all(...request.params)),
      });
    } catch (e) {
      reply({ id: request.id, error: describe(e, true) });
    }
    return;
  }
  try {
    db.exec("BEGIN IMMEDIATE");
    let changes = 0;
    try {
      request.statements.forEach((s, index) => {
        const changed = prepared(s.sql).run(...s.params).changes;
        if (s.expectChanges !== undefined && changed !== s.expectChanges)
          throw Object.assign(new Error(`guard failed at statement ${index}`), {
            code: "GUARD_FAILED",
            statementIndex: index,
          });
        changes += changed;
      });
      db.exec("COMMIT");
    } catch (e) {
      try {
        db.exec("ROLLBACK");
      } catch {
        // the failed statement may have ended the transaction already
      }
      throw e;
    }
    reply({ id: request.id, changes });
  } catch (e) {
    reply({ id: request.id, error: describe(e, false) });
  }
});
