import type { InsertRows } from "./dialect";
import { ident, join, raw, sql, type Sql } from "./sql";

/** ON CONFLICT …: the same words in SQLite and PostgreSQL. */
export function conflictClause(onConflict: InsertRows["onConflict"]): Sql {
  if (!onConflict) return raw("");
  if ("nothing" in onConflict) return raw(" ON CONFLICT DO NOTHING");
  const target = join(onConflict.target.map(ident), ", ");
  const set = join(
    onConflict.update.map((c) => sql`${ident(c)} = excluded.${ident(c)}`),
    ", ",
  );
  return sql` ON CONFLICT (${target}) DO UPDATE SET ${set}`;
}
