import type { Dialect, InsertRows } from "./dialect";
import { PREFIX_END } from "./dialect";
import { conflictClause } from "./conflict-clause";
import { dialectSql, ident, join, sql, type BoundValue, type Sql, type SqlParam } from "./sql";

/** Rows per bulk statement and per `IN` list, bounded so a statement stays small. */
const ROWS_PER_STATEMENT = 5_000;
/** The protocol numbers a statement's parameters in 16 bits. */
const MAX_PARAMETERS = 65_535;

/**
 * A DateTime as Prisma's PostgreSQL columns hold it: `timestamp(3)` without time zone, in UTC. Sent as text,
 * because node-postgres would send a Date in the process's local time zone.
 */
function postgresDateTime(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

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
    const head = sql`INSERT INTO ${ident(table)} (${join(
      columns.map((c) => ident(c.name)),
      ", ",
    )}) VALUES `;
    const tail = conflictClause(onConflict);
    const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)));
    const out: Sql[] = [];
    for (let at = 0; at < rows.length; at += perStatement) {
      const chunk = rows.slice(at, at + perStatement);
      out.push(sql`${head}${dialectSql((_d, bind) => valuesList(chunk, bind))}${tail}`);
    }
    return out;
  },
};

/**
 * `($1, $2), ($3, $4)`: one parameter per value, each sent as it is. PostgreSQL gives each the type of
 * its column. Typed array parameters (`unnest($1::text[], …)`) cost this process about a sixth of its
 * database CPU more: node-postgres escapes every element of an array into one literal, and the rows'
 * JSON columns are full of quotes to escape.
 */
function valuesList(rows: SqlParam[][], bind: (v: BoundValue) => string): string {
  let text = "";
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    text += r === 0 ? "(" : ", (";
    for (let c = 0; c < row.length; c++) text += (c === 0 ? "" : ", ") + bind(bound(row[c]!));
    text += ")";
  }
  return text;
}
