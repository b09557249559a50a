import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Sql } from "../sql/sql";
import { GuardFailedError, type Row, type SqlStore } from "../sql/sql-store";
import { sqliteDialect } from "../sql/sqlite-dialect";
import type { SqliteStatement, SqliteValue, WorkerData, WorkerReply, WorkerRequest } from "./sqlite-protocol";

type Answer = { rows?: Row[]; changes?: number };
type Waiter = { resolve: (answer: Answer) => void; reject: (e: Error) => void };
type Running = { worker: Worker; waiting: Map<number, Waiter> };
type Message = { kind: "run"; statements: SqliteStatement[] } | { kind: "all"; sql: string; params: SqliteValue[] };

/**
 * The SQLite store: bulk writes and reads on a worker thread (sqlite-worker.cjs) with its own connection
 * to the database file.
 *
 * Why not through Prisma: a cycle writes two or three rows per object (connector data store, provisioning
 * log, the crash-safety intent), 300,000 rows for 100,000 users. Through `$executeRawUnsafe` each
 * multi-row statement is prepared anew, and the libSQL driver frees a prepared statement only when V8
 * collects its small wrapper: about 0.4 MB of native memory per statement piled up (over 400 MB per
 * 100,000-user cycle). The driver is also synchronous, so every write stopped the event loop, and with
 * it the requests to the target. Here statements have a few fixed shapes and stay prepared, and the work
 * runs beside the event loop. The cycle's bulk reads run here too: through Prisma they cost the event loop
 * about a fifth of its work per object (three layers of row objects, and the garbage they leave). Reads
 * queue behind the writes sent before them, so they see them.
 *
 * Why a thread and not the main connection: a write that waits for SQLite's lock on the main thread
 * would block the event loop, and with it a Prisma interactive transaction holding that lock: a
 * deadlock until the busy timeout. The thread waits on its own.
 */
/**
 * The values the driver binds. Anything else (undefined, an array, an object) makes the native driver panic
 * and abort the whole process, so it is refused here, on the caller's side, as an ordinary error.
 */
function sqliteParams(values: readonly unknown[]): SqliteValue[] {
  values.forEach((v, i) => {
    const t = typeof v;
    if (v === null || t === "string" || t === "number" || t === "bigint" || ArrayBuffer.isView(v)) return;
    throw new Error(
      `SQL parameter ${i + 1} is ${v === undefined ? "undefined" : Array.isArray(v) ? "an array" : `a ${t === "object" ? Object.prototype.toString.call(v) : t}`}, which SQLite cannot bind`,
    );
  });
  return values as SqliteValue[];
}

export class SqliteStore implements SqlStore {
  readonly dialect = sqliteDialect;
  /** The running thread and the requests it has not answered yet (each thread answers or refuses its own). */
  private current: Running | null = null;
  private nextId = 1;

  constructor(private readonly file: string) {}

  async all(query: Sql): Promise<Row[]> {
    const { text, values } = query.render(this.dialect);
    return (await this.send({ kind: "all", sql: text, params: sqliteParams(values) })).rows ?? [];
  }

  /** Runs the statements in one transaction (BEGIN IMMEDIATE … COMMIT; rolled back as a whole on error). */
  async run(statements: Sql[]): Promise<number> {
    if (statements.length === 0) return 0;
    const rendered = statements.map((s) => {
      const { text, values } = s.render(this.dialect);
      return { sql: text, params: sqliteParams(values), expectChanges: s.expectChanges };
    });
    return (await this.send({ kind: "run", statements: rendered })).changes ?? 0;
  }

  /** Ends the thread (its connection closes); a later request starts a new one. */
  async close(): Promise<void> {
    const c = this.current;
    this.current = null;
    if (c) await c.worker.terminate();
  }

  private send(message: Message): Promise<Answer> {
    const { worker, waiting } = this.start();
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      // Keep the process alive while a request is outstanding; an idle thread never holds it open.
      worker.ref();
      try {
        worker.postMessage({ id, ...message } satisfies WorkerRequest);
      } catch (e) {
        // Not sent (a value that cannot be copied to the thread): no answer will come.
        waiting.delete(id);
        if (waiting.size === 0) worker.unref();
        throw e;
      }
    });
  }

  private start(): Running {
    if (this.current) return this.current;
    // No inherited Node flags: the thread needs no TypeScript loader (--import tsx) nor the parent's heap settings.
    const worker = new Worker(workerFile(), {
      execArgv: [],
      workerData: { file: this.file, busyTimeoutMs: 10_000 } satisfies WorkerData,
    });
    const waiting = new Map<number, Waiter>();
    const current: Running = { worker, waiting };
    worker.unref();
    worker.on("message", (m: WorkerReply) => {
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (waiting.size === 0) worker.unref();
      if (m.error?.code === "GUARD_FAILED") w.reject(new GuardFailedError(m.error.statementIndex ?? -1));
      else if (m.error)
        w.reject(
          Object.assign(new Error(`Database ${m.error.read ? "read" : "write"} failed: ${m.error.message}`), {
            code: m.error.code,
          }),
        );
      else w.resolve({ rows: m.rows, changes: m.changes });
    });
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

/** The thread's code, loaded by Node from the app's folder (the server, the CLI and cycle processes run there). */
function workerFile(): string {
  return path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "db", "sqlite", "sqlite-worker.cjs");
}
