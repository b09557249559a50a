/** The messages between the SQLite store (sqlite-store.ts) and its database thread (sqlite-worker.cjs). */

/** A value SQLite binds as is: the dialect has turned dates and booleans into text and numbers. */
export type SqliteValue = string | number | bigint | null;
/** `expectChanges`: a guard (see Sql.expecting); the thread answers GUARD_FAILED with the statement's index. */
export type SqliteStatement = { sql: string; params: SqliteValue[]; expectChanges?: number };

export type WorkerData = { file: string; busyTimeoutMs: number };

export type WorkerRequest =
  | { id: number; kind: "run"; statements: SqliteStatement[] }
  | { id: number; kind: "all"; sql: string; params: SqliteValue[] };

export type WorkerError = { message: string; code?: string; read?: boolean; statementIndex?: number };

/** `rows` answers "all"; `changes` (rows written) answers "run". */
export type WorkerReply = { id: number; rows?: Record<string, unknown>[]; changes?: number; error?: WorkerError };
