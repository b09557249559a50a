import type { Tx } from "../db/prisma";
import { sqliteDateTime } from "../db/sqlite-values";

const ROWS_PER_STATEMENT = 5_000; // 3 bound values per row

/**
 * Adds group memberships with multi-row statements (an "All Staff" group from Graph can list every user).
 * Pairs that already exist are left as they are. The SQL text is fixed; every value is a bound parameter.
 */
export async function writeMembershipsInBulk(tx: Tx, rows: { groupId: string; userId: string }[]): Promise<void> {
  const now = sqliteDateTime(new Date());
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const sql = `INSERT INTO "GroupMembership" ("groupId", "userId", "createdAt") VALUES ${chunk.map(() => "(?, ?, ?)").join(", ")} ON CONFLICT DO NOTHING`;
    await tx.$executeRawUnsafe(sql, ...chunk.flatMap((r) => [r.groupId, r.userId, now]));
  }
}
