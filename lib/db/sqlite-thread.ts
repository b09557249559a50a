import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { databaseUrl } from "./database-url";

/** A value SQLite stores as is. Dates are converted by the caller (see `sqliteDateTime`). */
export type SqlValue = string | number | bigint | null;
export type SqlStatement = { sql: string; params: SqlValue[] };

/**
 * Bulk writes and reads of provisioning cycles, on a worker thread with its own connection to the SQLite
 * file.
 *
 * Why not through Prisma: a cycle writes two or three rows per object (connector data store, provisioning
 * log, the crash-safety intent), 300,000 rows for 100,000 users. Through `$executeRawUnsafe` each
 * multi-row statement is prepared anew, and the libSQL driver frees a prepared statement only when V8
 * collects its small wrapper: about 0.4 MB of native memory per statement piled up (over 400 MB per
 * 100,000-user cycle). The driver is also synchronous, so every write stopped the event loop, and with
 * it the requests to the target. Here statements have a few fixed shapes and stay prepared, and the work
 * runs beside the event loop. The cycle's bulk reads (a batch's directory and connector rows) run here too:
 * through Prisma they cost the event loop about a fifth of its work per object (three layers of row
 * objects, and the garbage they leave), which on a small machine is CPU the target needs. Reads queue
 * behind the writes sent before them, so they see them.
 *
 * Why a thread and not the main connection: a write that waits for SQLite's lock on the main thread
 * would block the event loop, and with it a Prisma interactive transaction holding that lock: a
 * deadlock until the busy timeout. The thread waits on its own.
 *
 * Schema and migrations stay Prisma's; the SQL written here is the same the Prisma path runs. Databases
 * that are not a local SQLite file get `null` from `sqliteThread()`, and callers use Prisma.
 */
export class SqliteThread {
  /** The running thread and the requests it has not answered yet (each thread answers or refuses its own). */
  private current: { worker: Worker; waiting: Map<number, Waiter> } | null = null;
  private nextId = 1;

  constructor(
    private readonly file: string,
    private readonly driverPath: string,
  ) {}

  /** Runs the statements in one transaction (BEGIN IMMEDIATE … COMMIT; rolled back as a whole on error). */
  async run(statements: SqlStatement[]): Promise<void> {
    if (statements.length === 0) return;
    await this.send({ kind: "run", statements });
  }

  /** Runs one query and returns its rows as plain objects (SQLite's types: no Date, booleans as 0/1). */
  all(sql: string, params: SqlValue[]): Promise<Record<string, unknown>[]> {
    return this.send({ kind: "all", sql, params }) as Promise<Record<string, unknown>[]>;
  }

  private send(
    message: { kind: "run"; statements: SqlStatement[] } | { kind: "all"; sql: string; params: SqlValue[] },
  ): Promise<unknown> {
    const { worker, waiting } = this.start();
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      // Keep the process alive while a request is outstanding; an idle thread never holds it open.
      worker.ref();
      try {
        worker.postMessage({ id, ...message });
      } catch (e) {
        // Not sent (a value that cannot be copied to the thread): no answer will come.
        waiting.delete(id);
        if (waiting.size === 0) worker.unref();
        throw e;
      }
    });
  }

  /** Ends the thread (its connection closes); a later run() starts a new one. */
  async close(): Promise<void> {
    const c = this.current;
    this.current = null;
    if (c) await c.worker.terminate();
  }

  private start(): { worker: Worker; waiting: Map<number, Waiter> } {
    if (this.current) return this.current;
    // No inherited Node flags: the thread needs no TypeScript loader (--import tsx) nor the parent's heap settings.
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { file: this.file, driverPath: this.driverPath, busyTimeoutMs: 10_000 },
    });
    const waiting = new Map<number, Waiter>();
    const current = { worker, waiting };
    worker.unref();
    worker.on(
      "message",
      (m: { id: number; rows?: unknown; error?: { message: string; code?: string; read?: boolean } }) => {
        const w = waiting.get(m.id);
        if (!w) return;
        waiting.delete(m.id);
        if (waiting.size === 0) worker.unref();
        if (m.error)
          w.reject(
            Object.assign(new Error(`Database ${m.error.read ? "read" : "write"} failed: ${m.error.message}`), {
              code: m.error.code,
            }),
          );
        else w.resolve(m.rows);
      },
    );
    // A thread that fails or stops refuses what it was asked and has not answered; requests sent to a
    // thread started after it are not its to refuse.
    const failAll = (e: Error) => {
      if (this.current === current) this.current = null;
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    };
    worker.on("error", (e) => failAll(new Error(`Database thread failed: ${e.message}`)));
    worker.on("exit", (code) => failAll(new Error(`Database thread stopped (exit code ${code})`)));
    this.current = current;
    return current;
  }
}

type Waiter = { resolve: (rows: unknown) => void; reject: (e: Error) => void };

// Plain CommonJS, run with `eval`: no bundler or TypeScript loader needs to know about this file.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driverPath);
const db = new Database(workerData.file);
db.prepare("PRAGMA busy_timeout = " + Number(workerData.busyTimeoutMs)).all();
db.prepare("PRAGMA foreign_keys = ON").all();
// Statements keep a few fixed shapes (see chunkSizes), so this cache stays small; it is bounded anyway.
const cache = new Map();
function prepared(sql) {
  let st = cache.get(sql);
  if (!st) {
    if (cache.size >= 200) cache.clear();
    st = db.prepare(sql);
    cache.set(sql, st);
  }
  return st;
}
parentPort.on("message", ({ id, kind, statements, sql, params }) => {
  if (kind === "all") {
    try {
      parentPort.postMessage({ id, rows: prepared(sql).all(...params) });
    } catch (e) {
      parentPort.postMessage({ id, error: { read: true, message: String((e && e.message) || e), code: e && e.code ? String(e.code) : undefined } });
    }
    return;
  }
  try {
    db.exec("BEGIN IMMEDIATE");
    try {
      for (const s of statements) prepared(s.sql).run(...s.params);
      db.exec("COMMIT");
    } catch (e) {
      try { db.exec("ROLLBACK"); } catch {}
      throw e;
    }
    parentPort.postMessage({ id });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: String((e && e.message) || e), code: e && e.code ? String(e.code) : undefined } });
  }
});
`;

const threads = new Map<string, SqliteThread>();

/** The database thread of this process, or null when the database is not a local SQLite file. */
export function sqliteThread(): SqliteThread | null {
  const url = databaseUrl();
  if (!url.startsWith("file:")) return null;
  const file = path.resolve(url.slice("file:".length).split("?")[0]);
  let thread = threads.get(file);
  if (!thread) {
    const driverPath = resolveDriver();
    if (!driverPath || !fs.existsSync(file)) return null;
    thread = new SqliteThread(file, driverPath);
    threads.set(file, thread);
  }
  return thread;
}

let driver: string | null | undefined;

/** The libSQL driver Prisma's adapter loads, resolved from the app's folder (the server runs from there). */
function resolveDriver(): string | null {
  if (driver !== undefined) return driver;
  try {
    driver = createRequire(path.join(process.cwd(), "package.json")).resolve("libsql");
  } catch {
    driver = null;
  }
  return driver;
}

/**
 * Splits `count` rows into pieces of a few fixed sizes (largest first), so that multi-row statements
 * come in a handful of shapes that stay prepared.
 */
export function chunkSizes(count: number, sizes: readonly number[] = [256, 64, 16, 4, 1]): number[] {
  const out: number[] = [];
  let left = count;
  for (const size of sizes) {
    while (left >= size) {
      out.push(size);
      left -= size;
    }
  }
  return out;
}
