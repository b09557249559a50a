import pg from "pg";
import { postgresDialect } from "../sql/postgres-dialect";
import type { Sql } from "../sql/sql";
import { GuardFailedError, type Row, type SqlStore } from "../sql/sql-store";

// Prisma's PostgreSQL columns are `timestamp(3)` without time zone, holding UTC (see postgresDateTime);
// node-postgres would read them in the process's local zone. Counts (int8) fit a JavaScript number.
const TIMESTAMP = 1114;
const INT8 = 20;
const NUMERIC = 1700;

function readTimestamp(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

/**
 * The PostgreSQL store, through node-postgres. The driver is asynchronous, so no thread is needed: the event
 * loop never waits on the database. Bulk writes are one statement per few thousand rows (multi-row VALUES,
 * one parameter per value), reads use `= ANY($1)`.
 */
export class PostgresStore implements SqlStore {
  readonly dialect = postgresDialect;

  constructor(private readonly pool: pg.Pool) {}

  async all(query: Sql): Promise<Row[]> {
    const { text, values } = query.render(this.dialect);
    const result = await this.pool.query<Row>({ text, values, types });
    return result.rows;
  }

  async run(statements: Sql[]): Promise<number> {
    if (statements.length === 0) return 0;
    const only = statements[0]!;
    if (statements.length === 1 && only.expectChanges === undefined) {
      // One statement is a transaction of its own: no BEGIN and COMMIT round trips.
      const { text, values } = only.render(this.dialect);
      try {
        return (await this.pool.query({ text, values, types })).rowCount ?? 0;
      } catch (e) {
        throw writeFailed(e);
      }
    }
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      try {
        let changed = 0;
        for (const [index, s] of statements.entries()) {
          const { text, values } = s.render(this.dialect);
          const count = (await client.query({ text, values, types })).rowCount ?? 0;
          if (s.expectChanges !== undefined && count !== s.expectChanges) throw new GuardFailedError(index);
          changed += count;
        }
        await client.query("COMMIT");
        return changed;
      } catch (e) {
        await client.query("ROLLBACK").catch((rollback: Error) => (broken = rollback));
        if (e instanceof GuardFailedError) throw e;
        throw writeFailed(e);
      }
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    // The pool is the process's (postgres-pool.ts): closed with the others, not by one of its users.
  }
}

function writeFailed(e: unknown): Error {
  return Object.assign(new Error(`Database write failed: ${(e as Error).message}`), {
    code: (e as { code?: string }).code,
  });
}

const types = {
  getTypeParser(oid: number, format?: string) {
    if (format === "binary") return pg.types.getTypeParser(oid, "binary");
    if (oid === TIMESTAMP) return readTimestamp;
    if (oid === INT8 || oid === NUMERIC) return Number;
    return pg.types.getTypeParser(oid, "text");
  },
} as unknown as pg.CustomTypesConfig;
