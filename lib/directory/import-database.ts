import Database from "libsql";
import { prisma } from "../db/prisma";
import fs from "node:fs";
import { databaseKind, sqliteFile } from "../db/database-kind";
import { databaseUrl } from "../db/database-url";
import type { Dialect } from "../db/sql/dialect";
import { postgresDialect } from "../db/sql/postgres-dialect";
import type { Sql } from "../db/sql/sql";
import type { Row } from "../db/sql/sql-store";
import { sqliteDialect } from "../db/sql/sqlite-dialect";

type SqlValue = string | number | bigint | null;

/** The SQLite database file, or null when the database is PostgreSQL (or the file is not there yet). */
function localSqliteDatabase(): { file: string } | null {
  const url = databaseUrl();
  if (databaseKind(url) !== "sqlite") return null;
  const file = sqliteFile(url);
  return fs.existsSync(file) ? { file } : null;
}

/** What an import reads and writes with: statements built with the `sql` tag, inside one write transaction. */
export type ImportDb = {
  readonly dialect: Dialect;
  all(query: Sql): Promise<Row[]>;
  run(query: Sql): Promise<void>;
};

type Statement = { all: (...p: SqlValue[]) => Record<string, unknown>[]; run: (...p: SqlValue[]) => unknown };
type Connection = { prepare: (sql: string) => Statement; exec: (sql: string) => void; close: () => void };

/**
 * Runs `work` in one write transaction, so an import is saved whole or not at all.
 *
 * On a local SQLite file it opens a connection of its own, with statements that stay prepared: through
 * Prisma's raw queries each multi-row statement was prepared anew, and libSQL keeps a prepared statement's
 * native memory until V8 collects its wrapper (about 300 MB for 50,000 users), and Prisma's row objects
 * added hundreds of MB of heap. The driver is synchronous, so this belongs in a process of its own (see
 * import-process.ts), never in the web server's. PostgreSQL (and `via: "prisma"`) goes through a Prisma
 * interactive transaction, with the statements rendered for the database it is.
 */
export async function withImportTransaction<T>(
  work: (db: ImportDb) => Promise<T>,
  opts: { via?: "sqlite" | "prisma" } = {},
): Promise<T> {
  const local = opts.via === "prisma" ? null : localSqliteDatabase();
  if (!local) {
    const dialect = databaseKind() === "postgres" ? postgresDialect : sqliteDialect;
    return prisma.$transaction(
      (tx) =>
        work({
          dialect,
          all: (query) => {
            const { text, values } = query.render(dialect);
            return tx.$queryRawUnsafe<Row[]>(text, ...values);
          },
          run: async (query) => {
            const { text, values } = query.render(dialect);
            await tx.$executeRawUnsafe(text, ...values);
          },
        }),
      { timeout: 300_000, maxWait: 10_000 },
    );
  }
  const connection = new (Database as unknown as new (file: string) => Connection)(local.file);
  const statements = new Map<string, Statement>();
  const prepared = (sql: string) => {
    let st = statements.get(sql);
    if (!st) {
      st = connection.prepare(sql);
      statements.set(sql, st);
    }
    return st;
  };
  try {
    connection.prepare("PRAGMA busy_timeout = 10000").all();
    connection.prepare("PRAGMA foreign_keys = ON").all();
    connection.exec("BEGIN IMMEDIATE");
    try {
      const render = (query: Sql) => {
        const { text, values } = query.render(sqliteDialect);
        return { statement: prepared(text), params: values as SqlValue[] };
      };
      const result = await work({
        dialect: sqliteDialect,
        all: async (query) => {
          const { statement, params } = render(query);
          return statement.all(...params);
        },
        run: async (query) => {
          const { statement, params } = render(query);
          statement.run(...params);
        },
      });
      connection.exec("COMMIT");
      return result;
    } catch (e) {
      connection.exec("ROLLBACK");
      throw e;
    }
  } finally {
    connection.close();
  }
}
