/**
 * What a migrated database holds, in terms both SQLite and PostgreSQL share: tables, columns (type,
 * nullability, default), primary keys, indexes on plain columns and foreign keys. The PostgreSQL twins'
 * test (postgres-migrations.test.ts) compares the two after every migration.
 *
 * Left out on purpose: constraint names (SQLite keeps none for foreign keys), collations, and expression or
 * partial indexes, which are each database's own hand-written SQL (a migration's postgres.sql).
 */
import type { Client as LibsqlClient } from "@libsql/client";
import type pg from "pg";

type Column = { name: string; type: string; nullable: boolean; default: string | null };
type Index = { name: string; unique: boolean; columns: string[] };
type ForeignKey = {
  columns: string[];
  references: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
};
type Table = { columns: Column[]; primaryKey: string[]; indexes: Index[]; foreignKeys: ForeignKey[] };
export type SchemaShape = Record<string, Table>;

// Prisma's column types on each database, by the data model's type.
const SQLITE_TYPES: Record<string, string> = {
  TEXT: "String",
  INTEGER: "Int",
  BIGINT: "BigInt",
  REAL: "Float",
  DECIMAL: "Decimal",
  BOOLEAN: "Boolean",
  DATETIME: "DateTime",
  BLOB: "Bytes",
  JSONB: "Json",
};
const POSTGRES_TYPES: Record<string, string> = {
  text: "String",
  integer: "Int",
  bigint: "BigInt",
  "double precision": "Float",
  numeric: "Decimal",
  boolean: "Boolean",
  "timestamp without time zone": "DateTime",
  bytea: "Bytes",
  jsonb: "Json",
};
const POSTGRES_ACTIONS: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/** A default as both write it: PostgreSQL's casts dropped, numbers as numbers, sequences as autoincrement. */
function normalDefault(value: string | null): string | null {
  if (value === null) return null;
  if (/^nextval\(/i.test(value)) return "autoincrement";
  const v = value.replace(/::[a-z ]+(\(\d+\))?$/i, "");
  if (/^-?\d+(\.\d+)?$/.test(v)) return String(Number(v));
  return v;
}

function sorted<T>(items: T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => key(a).localeCompare(key(b)));
}

export async function sqliteShape(db: LibsqlClient): Promise<SchemaShape> {
  const rows = async (sql: string) => (await db.execute(sql)).rows as unknown as Record<string, unknown>[];
  const tables = await rows(
    `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`,
  );
  const shape: SchemaShape = {};
  for (const t of sorted(tables, (r) => String(r.name))) {
    const name = String(t.name);
    const autoincrement = /AUTOINCREMENT/i.test(String(t.sql));
    const info = await rows(`PRAGMA table_info("${name}")`);
    const columns = info.map((c) => ({
      name: String(c.name),
      type: SQLITE_TYPES[String(c.type).toUpperCase()] ?? `sqlite ${String(c.type)}`,
      nullable: Number(c.notnull) === 0,
      default: Number(c.pk) > 0 && autoincrement ? "autoincrement" : normalDefault(c.dflt_value as string | null),
    }));
    const primaryKey = sorted(
      info.filter((c) => Number(c.pk) > 0),
      (c) => String(c.pk).padStart(3, "0"),
    ).map((c) => String(c.name));
    const indexes: Index[] = [];
    for (const i of await rows(`PRAGMA index_list("${name}")`)) {
      if (i.origin === "pk" || Number(i.partial) === 1) continue;
      const cols = await rows(`PRAGMA index_info("${String(i.name)}")`);
      if (cols.some((c) => c.name === null)) continue; // an expression index
      indexes.push({ name: String(i.name), unique: Number(i.unique) === 1, columns: cols.map((c) => String(c.name)) });
    }
    const byId = new Map<number, Record<string, unknown>[]>();
    for (const f of await rows(`PRAGMA foreign_key_list("${name}")`)) {
      byId.set(Number(f.id), [...(byId.get(Number(f.id)) ?? []), f]);
    }
    const foreignKeys = [...byId.values()].map((parts) => {
      const ordered = sorted(parts, (p) => String(p.seq).padStart(3, "0"));
      return {
        columns: ordered.map((p) => String(p.from)),
        references: String(ordered[0]!.table),
        referencedColumns: ordered.map((p) => String(p.to)),
        onDelete: String(ordered[0]!.on_delete),
        onUpdate: String(ordered[0]!.on_update),
      };
    });
    shape[name] = {
      columns: sorted(columns, (c) => c.name),
      primaryKey,
      indexes: sorted(indexes, (i) => i.name),
      foreignKeys: sorted(foreignKeys, (f) => f.columns.join(",")),
    };
  }
  return shape;
}

export async function postgresShape(db: pg.Client): Promise<SchemaShape> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
  );
  const shape: SchemaShape = {};
  for (const { name } of sorted(tables.rows, (r) => r.name)) {
    const columns = await db.query<{ name: string; type: string; nullable: string; default: string | null }>(
      `SELECT column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS default
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
      [name],
    );
    // Every index with its columns in order; attnum 0 is an expression.
    const indexes = await db.query<{
      name: string;
      unique: boolean;
      primary: boolean;
      partial: boolean;
      columns: (string | null)[];
    }>(
      `SELECT ic.relname::text AS name, i.indisunique AS unique, i.indisprimary AS primary, i.indpred IS NOT NULL AS partial,
              array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
       WHERE t.relname = $1 AND t.relnamespace = 'public'::regnamespace`,
      [name],
    );
    const foreignKeys = await db.query<{
      columns: string[];
      references: string;
      referencedColumns: string[];
      onDelete: string;
      onUpdate: string;
    }>(
      `SELECT array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
              r.relname::text AS references,
              array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n) AS "referencedColumns",
              c.confdeltype::text AS "onDelete", c.confupdtype::text AS "onUpdate"
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
       WHERE c.contype = 'f' AND t.relname = $1 AND t.relnamespace = 'public'::regnamespace`,
      [name],
    );
    const primary = indexes.rows.find((i) => i.primary);
    shape[name] = {
      columns: sorted(
        columns.rows.map((c) => ({
          name: c.name,
          type: POSTGRES_TYPES[c.type] ?? `postgres ${c.type}`,
          nullable: c.nullable === "YES",
          default: normalDefault(c.default),
        })),
        (c) => c.name,
      ),
      primaryKey: (primary?.columns ?? []).map(String),
      indexes: sorted(
        indexes.rows
          .filter((i) => !i.primary && !i.partial && !i.columns.includes(null))
          .map((i) => ({ name: i.name, unique: i.unique, columns: i.columns.map(String) })),
        (i) => i.name,
      ),
      foreignKeys: sorted(
        foreignKeys.rows.map((f) => ({
          ...f,
          onDelete: POSTGRES_ACTIONS[f.onDelete] ?? f.onDelete,
          onUpdate: POSTGRES_ACTIONS[f.onUpdate] ?? f.onUpdate,
        })),
        (f) => f.columns.join(","),
      ),
    };
  }
  return shape;
}
