import { PREFIX_END, type Dialect, type InsertRows } from "./dialect";
import { conflictClause } from "./conflict-clause";
import { ident, join, list, raw, sql, type Sql, type SqlParam } from "./sql";

/**
 * Splits `count` into pieces of a few fixed sizes (largest first), so that multi-row statements come in a
 * handful of shapes that stay prepared on the database thread.
 */
export function chunkSizes(count: number, sizes: readonly number[] = [256, 64, 16, 4, 1]): number[] {
  const out: number[] = [];
  let left = count;
  for (const size of sizes) {
    while (left >= size) {
      out.push(size);
      left -= size;
    }
  }
  return out;
}

/**
 * DateTime values as Prisma's SQLite driver adapter stores them, for the places that write or compare them
 * with plain SQL: ISO 8601 text with an explicit "+00:00" offset.
 */
function sqliteDateTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

export const sqliteDialect: Dialect = {
  name: "sqlite",
  placeholder: () => "?",
  value(v: SqlParam) {
    // A Date made in another realm (a bundle's or a driver's) is no `instanceof Date`, and is still a date.
    if (v instanceof Date || Object.prototype.toString.call(v) === "[object Date]") return sqliteDateTime(v as Date);
    if (typeof v === "boolean") return v ? 1 : 0;
    return v;
  },
  least: (a, b) => sql`min(${a}, ${b})`,
  greatest: (a, b) => sql`max(${a}, ${b})`,
  // julianday('now') has millisecond precision; 'subsec' would need SQLite 3.42.
  clockMs: sql`((julianday('now') - 2440587.5) * 86400000.0)`,
  inList(column: Sql, values: SqlParam[]): Sql {
    if (values.length === 0) return raw("0");
    return sql`${column} IN (${list(values)})`;
  },
  keyPrefix(column: Sql, prefix: string): Sql {
    return sql`${column} >= ${prefix} AND ${column} < ${prefix + PREFIX_END}`;
  },
  batches: (count) => chunkSizes(count),
  insertRows({ table, columns, rows, onConflict, rowsPerStatement }: InsertRows): Sql[] {
    const head = sql`INSERT INTO ${ident(table)} (${join(
      columns.map((c) => ident(c.name)),
      ", ",
    )}) VALUES `;
    const tail = conflictClause(onConflict);
    const out: Sql[] = [];
    let at = 0;
    const sizes = rowsPerStatement
      ? Array.from({ length: Math.ceil(rows.length / rowsPerStatement) }, (_, i) =>
          Math.min(rowsPerStatement, rows.length - i * rowsPerStatement),
        )
      : chunkSizes(rows.length);
    for (const size of sizes) {
      const chunk = rows.slice(at, (at += size));
      const values = join(
        chunk.map(
          (r) =>
            sql`(${join(
              r.map((v) => sql`${v}`),
              ", ",
            )})`,
        ),
        ", ",
      );
      out.push(sql`${head}${values}${tail}`);
    }
    return out;
  },
};
