import type { DirectoryUser } from "@prisma/client";
import type { Tx } from "../prisma";
import { toPrismaRow } from "../prisma-row";
import { queryInTransaction } from "./prisma-sql";
import { sql } from "./sql";
import type { SqlStore } from "./sql-store";

/** Whole directory user rows by id (a cycle's batch), in Prisma's types. */
export async function selectDirectoryUsers(store: SqlStore, ids: string[]): Promise<DirectoryUser[]> {
  const d = store.dialect;
  const out: DirectoryUser[] = [];
  let at = 0;
  for (const size of d.batches(ids.length)) {
    const part = ids.slice(at, (at += size));
    const rows = await store.all(sql`SELECT * FROM "DirectoryUser" WHERE ${d.inList(sql`"id"`, part)}`);
    for (const r of rows) out.push(toPrismaRow<DirectoryUser>("DirectoryUser", r));
  }
  return out;
}

/**
 * Users whose user principal name equals this one ignoring case (at most two). SQLite's lower() folds ASCII
 * letters, PostgreSQL's every script.
 */
export async function selectUpnMatches(
  tx: Tx,
  userPrincipalName: string,
): Promise<{ id: string; userPrincipalName: string }[]> {
  const rows = await queryInTransaction(
    tx,
    sql`SELECT "id", "userPrincipalName" FROM "DirectoryUser" WHERE lower("userPrincipalName") = lower(${userPrincipalName}) LIMIT 2`,
  );
  return rows as { id: string; userPrincipalName: string }[];
}
