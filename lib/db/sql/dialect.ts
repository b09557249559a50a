import type { BoundValue, Sql, SqlParam } from "./sql";

/** Column types of the bulk statements' columns (see modelColumns). */
export type ColumnType = "text" | "int" | "float" | "bool" | "timestamp";
export type Column = { name: string; type: ColumnType };

export type InsertRows = {
  table: string;
  columns: readonly Column[];
  /** One array of values per row, in the order of `columns`. */
  rows: SqlParam[][];
  /** Upsert: on a clash of `target`, overwrite `update`; or leave the existing row (`nothing`). */
  onConflict?: { target: readonly string[]; update: readonly string[] } | { nothing: true };
  /**
   * SQLite: rows per statement when the statements run once (through Prisma, which prepares each anew), so
   * fewer and larger is better. Without it, the few fixed sizes of `batches`, which stay prepared.
   */
  rowsPerStatement?: number;
};

/**
 * What differs between SQLite and PostgreSQL in the statements Provisio writes by hand. Everything else
 * (ON CONFLICT … DO UPDATE with `excluded`, LIMIT, RETURNING, substr) both speak alike.
 */
export type Dialect = {
  readonly name: "sqlite" | "postgres";
  /** The n-th bound parameter (1-based): `?` or `$n`. */
  placeholder(n: number): string;
  /** A value as the driver binds it: SQLite has no boolean or date type, PostgreSQL's columns are typed. */
  value(v: SqlParam): BoundValue;
  /** The smaller / larger of two values: SQLite's two-argument min() and max(), PostgreSQL's LEAST and GREATEST. */
  least(a: Sql, b: Sql): Sql;
  greatest(a: Sql, b: Sql): Sql;
  /**
   * The database server's clock in epoch milliseconds (a float), read when the expression is evaluated: after
   * a row lock was waited for, not at the statement's start. Processes on several machines agree on it.
   */
  readonly clockMs: Sql;
  /** `column IN (…)` for a list of values: SQLite binds each, PostgreSQL one array (`= ANY($1)`). */
  inList(column: Sql, values: SqlParam[]): Sql;
  /**
   * Rows whose lower-cased key column starts with `prefix` (already lower-cased), as a range an index
   * serves. SQLite compares text by code point; PostgreSQL does so only under the "C" collation, which its
   * index on the column uses (see the PostgreSQL migration that creates it).
   */
  keyPrefix(column: Sql, prefix: string): Sql;
  /** How many values an IN list or a bulk statement takes at once: a few fixed sizes on SQLite, whose
   * statements stay prepared per shape; PostgreSQL's arrays have one shape for any length. */
  batches(count: number): number[];
  /** Multi-row inserts (VALUES rows on both; batch sizes differ), split into batches. */
  insertRows(opts: InsertRows): Sql[];
};

/** The end of a prefix range: U+10FFFF sorts after every character a prefix can be followed by. */
export const PREFIX_END = String.fromCodePoint(0x10ffff);
