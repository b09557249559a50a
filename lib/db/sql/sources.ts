import type { Tx } from "../prisma";
import { queryInTransaction } from "./prisma-sql";
import { sql } from "./sql";

/** Sources whose name equals this one ignoring case (at most two). */
export async function selectSourceNameMatches(tx: Tx, name: string): Promise<{ id: string }[]> {
  const rows = await queryInTransaction(
    tx,
    sql`SELECT "id" FROM "Source" WHERE lower("name") = lower(${name}) LIMIT 2`,
  );
  return rows.map((r) => ({ id: String(r.id) }));
}
