import type { Column, ColumnType, Dialect, InsertRows } from "./dialect";
import { PREFIX_END } from "./dialect";
import { conflictClause } from "./conflict-clause";
import { dialectSql, ident, join, sql, type BoundValue, type Sql, type SqlParam } from "./sql";

/** Rows per bulk statement: one shape whatever the count (arrays), bounded so a statement stays small. */
const ROWS_PER_STATEMENT = 5_000;

/**
 * A DateTime as Prisma's PostgreSQL columns hold it: `timestamp(3)` without time zone, in UTC. Sent as text,
 * because node-postgres would send a Date in the process's local time zone.
 */
function postgresDateTime(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

const ARRAY_TYPE: Record<ColumnType, string> = {
  text: "text[]",
  int: "int4[]",
  float: "float8[]",
  bool: "bool[]",
  timestamp: "timestamp(3)[]",
};

function bound(v: SqlParam): BoundValue {
  if (v instanceof Date) return postgresDateTime(v);
  if (typeof v === "bigint") return v.toString();
  return v;
}

export const postgresDialect: Dialect = {
  name: "postgres",
  placeholder: (n) => `$${n}`,
  value: bound,
  least: (a, b) => sql`LEAST(${a}, ${b})`,
  greatest: (a, b) => sql`GREATEST(${a}, ${b})`,
  clockMs: sql`(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::float8`,
  inList(column: Sql, values: SqlParam[]): Sql {
    const array = values.map((v) => bound(v) as string | number | boolean | null);
    return sql`${column} = ANY(${dialectSql((_d, bind) => bind(array))})`;
  },
  keyPrefix(column: Sql, prefix: string): Sql {
    return sql`${column} COLLATE "C" >= ${prefix} AND ${column} COLLATE "C" < ${prefix + PREFIX_END}`;
  },
  batches(count) {
    const out: number[] = [];
    for (let left = count; left > 0; left -= ROWS_PER_STATEMENT) out.push(Math.min(left, ROWS_PER_STATEMENT));
    return out;
  },
  insertRows({ table, columns, rows, onConflict }: InsertRows): Sql[] {
    const out: Sql[] = [];
    let at = 0;
    for (const size of this.batches(rows.length)) {
      const chunk = rows.slice(at, (at += size));
      out.push(
        sql`INSERT INTO ${ident(table)} (${join(
          columns.map((c) => ident(c.name)),
          ", ",
        )}) SELECT * FROM unnest(${join(
          columns.map((c, i) => typedArray(c, chunk, i)),
          ", ",
        )})${conflictClause(onConflict)}`,
      );
    }
    return out;
  },
};

/** One column of the rows as a typed array parameter: `$3::timestamp(3)[]`. */
function typedArray(column: Column, rows: SqlParam[][], index: number): Sql {
  const values = rows.map((r) => bound(r[index]) as string | number | boolean | null);
  return dialectSql((_d, bind) => `${bind(values)}::${ARRAY_TYPE[column.type]}`);
}
