import type { Tx } from "../prisma";
import { databaseKind } from "../database-kind";
import type { Dialect } from "./dialect";
import { postgresDialect } from "./postgres-dialect";
import type { Sql } from "./sql";
import type { Row } from "./sql-store";
import { sqliteDialect } from "./sqlite-dialect";

/** The dialect of this process's database (DATABASE_URL). */
export function currentDialect(): Dialect {
  return databaseKind() === "postgres" ? postgresDialect : sqliteDialect;
}

/** A query inside a Prisma transaction (or on the client itself), rendered for this process's database. */
export async function queryInTransaction(tx: Tx, query: Sql): Promise<Row[]> {
  const { text, values } = query.render(currentDialect());
  return tx.$queryRawUnsafe<Row[]>(text, ...values);
}

/** A statement inside a Prisma transaction (or on the client itself); returns the rows it changed. */
export async function executeInTransaction(tx: Tx, statement: Sql): Promise<number> {
  const { text, values } = statement.render(currentDialect());
  return tx.$executeRawUnsafe(text, ...values);
}
