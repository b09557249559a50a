import type { Dialect } from "./dialect";
import type { Sql } from "./sql";

export type Row = Record<string, unknown>;

/**
 * The one way lib/ runs SQL it writes by hand (bulk writes and reads of cycles, log queries). Two
 * implementations: SQLite on a database thread (lib/db/sqlite/sqlite-store.ts) and PostgreSQL through
 * node-postgres (lib/db/postgres/postgres-store.ts). Callers build statements with `sql` and the store's
 * dialect, and never know which database answers. Rows come back as the driver gives them (SQLite: 0/1
 * and date text; PostgreSQL: booleans and Dates): `toPrismaRow` turns them into Prisma's types.
 */
export interface SqlStore {
  readonly dialect: Dialect;
  /** Runs one query and returns its rows as plain objects. */
  all(query: Sql): Promise<Row[]>;
  /**
   * Runs the statements in one transaction (all of them, or none on an error); returns the rows they changed.
   * A statement with `expectChanges` that changes another number of rows rolls everything back and throws
   * GuardFailedError.
   */
  run(statements: Sql[]): Promise<number>;
  /** Closes the connections; a later call opens new ones. */
  close(): Promise<void>;
}

/** A guard statement of run() (Sql.expecting) did not hold: nothing was written. */
export class GuardFailedError extends Error {
  readonly code = "GUARD_FAILED";
  constructor(readonly statementIndex: number) {
    super(`Database write refused: guard statement ${statementIndex} did not hold`);
  }
}
