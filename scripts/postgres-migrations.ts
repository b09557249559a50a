/**
 * Keeps PostgreSQL's schema and migrations in step with SQLite's, which are the source (README, "Changing
 * the data model"):
 *
 *   npm run db:postgres-migrations              # writes every missing PostgreSQL twin, and the schema
 *   npm run db:postgres-migrations -- --check   # regenerates all in memory; fails on any difference
 *
 * 1. prisma/postgres/schema.prisma is prisma/schema.prisma with the PostgreSQL provider and its own client
 *    output (node_modules/.prisma/client-postgres). Never edit it by hand.
 * 2. Every SQLite migration (prisma/migrations/<name>/migration.sql) has a PostgreSQL twin of the same name
 *    (prisma/postgres/migrations/<name>/migration.sql). The twin is derived from what the SQLite migrations
 *    build, one at a time: the script applies them in order to a scratch SQLite database, introspects it
 *    after each (`prisma db pull`), turns that schema into PostgreSQL's, and takes `prisma migrate diff`
 *    between the states before and after. So a twin depends only on the SQLite migrations up to its own,
 *    and migrations that arrive in a merge, in any order, each get exactly their own change.
 * 3. SQL that a schema cannot express (data changes, expression indexes, collations) is written for
 *    PostgreSQL by hand in postgres.sql next to the SQLite migration, and appended to its twin. The script
 *    stops and names the statements when a SQLite migration has such SQL and no postgres.sql.
 *
 * `prisma migrate diff` for PostgreSQL needs a server even to compare two schema files (the JavaScript
 * schema engine connects through the driver adapter): DATABASE_URL when it is postgres://, else a
 * throwaway cluster. scripts/postgres-migrations.test.ts checks, migration by migration, that the SQLite
 * and PostgreSQL databases have the same tables, columns, indexes and foreign keys.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { startPostgresCluster, type PostgresCluster } from "./postgres-cluster";

const ROOT = path.resolve(__dirname, "..");
const SQLITE_SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
const SQLITE_MIGRATIONS = path.join(ROOT, "prisma", "migrations");
const PG_DIR = path.join(ROOT, "prisma", "postgres");
const PG_SCHEMA = path.join(PG_DIR, "schema.prisma");
const PG_MIGRATIONS = path.join(PG_DIR, "migrations");

const HEADER = `// GENERATED from prisma/schema.prisma by scripts/postgres-migrations.ts (npm run db:postgres-migrations).
// Do not edit: change prisma/schema.prisma, add its SQLite migration, then run the script.
`;

/** prisma/schema.prisma for PostgreSQL: the provider, and a client generated beside the SQLite one. */
export function postgresSchema(sqliteSchema: string): string {
  const datasource = /datasource db \{[^}]*\}/;
  const generator = /generator client \{[^}]*\}/;
  if (!datasource.test(sqliteSchema) || !generator.test(sqliteSchema))
    throw new Error("prisma/schema.prisma has no `datasource db` or `generator client` block");
  return (
    HEADER +
    sqliteSchema
      .replace(
        generator,
        `generator client {
  provider   = "prisma-client-js"
  engineType = "client"
  output     = "../../node_modules/.prisma/client-postgres"
}`,
      )
      .replace(
        datasource,
        // Connections come from the driver adapter (prisma.config.ts, lib/db/prisma.ts) with DATABASE_URL;
        // this URL is a placeholder that \`prisma generate\` needs to find no engine to download.
        `datasource db {
  provider = "postgresql"
  url      = "postgresql://localhost/provisio"
}`,
      )
  );
}

export function migrationNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => fs.existsSync(path.join(dir, n, "migration.sql")))
    .sort();
}

/** Statements of a SQLite migration that a schema diff cannot produce for PostgreSQL. */
export function handWrittenStatements(sqliteSql: string, generatedPgSql: string): string[] {
  const statements = sqliteSql
    .replace(/--[^\n]*/g, "")
    .split(";")
    .map((s) => s.trim().replace(/\s+/g, " "))
    .filter(Boolean);
  return statements.filter((s) => {
    if (/^(UPDATE|DELETE)\b/i.test(s)) return true;
    if (/^INSERT\b/i.test(s)) return !/^INSERT INTO "new_/i.test(s); // Prisma's table redefinition copies rows
    // An index on plain columns is in the introspected schema (a table redefinition recreates its indexes,
    // which the diff rightly leaves out); one on an expression, or partial, is not.
    const create = /^CREATE (?:UNIQUE )?INDEX(?: IF NOT EXISTS)? "[^"]+" ON "[^"]+" ?\((.*)\)\s*(WHERE\b.*)?$/i.exec(s);
    if (create)
      return (
        Boolean(create[2]) || !/^\s*"[^"]+"(\s+(ASC|DESC))?(\s*,\s*"[^"]+"(\s+(ASC|DESC))?)*\s*$/i.test(create[1]!)
      );
    const drop = /^DROP INDEX(?: IF EXISTS)? "([^"]+)"/i.exec(s);
    if (drop) return !generatedPgSql.includes(`"${drop[1]}"`);
    return /^CREATE (TRIGGER|VIEW)\b/i.test(s);
  });
}

function prisma(args: string[], url: string): string {
  return execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** An introspected SQLite schema as a PostgreSQL datamodel (models only: no generator, placeholder URL). */
export function introspectedAsPostgres(pulled: string): string {
  // `db pull --print` writes Prisma's warnings (about the url and the driver adapter) before the schema.
  const start = pulled.search(/^(generator|datasource|model|enum|view) /m);
  if (start < 0) throw new Error(`prisma db pull printed no schema:\n${pulled}`);
  const models = pulled
    .slice(start)
    .replace(/generator \w+ \{[^}]*\}/, "")
    .replace(/datasource \w+ \{[^}]*\}/, "");
  return `datasource db {\n  provider = "postgresql"\n  url      = "postgresql://localhost/provisio"\n}\n${models}`;
}

type Twin = { name: string; sql: string };

/**
 * Every SQLite migration's PostgreSQL twin, derived as the header says. `url` is a PostgreSQL server for
 * `prisma migrate diff`; `tmp` a scratch folder.
 */
async function generateTwins(names: string[], url: string, tmp: string): Promise<Twin[]> {
  const dbFile = path.join(tmp, "steps.db");
  const pullSchema = path.join(tmp, "pull.prisma");
  fs.writeFileSync(pullSchema, `datasource db {\n  provider = "sqlite"\n  url      = "file:${dbFile}"\n}\n`);
  const sqlite = createClient({ url: `file:${dbFile}` });
  const twins: Twin[] = [];
  let previous: string | null = null;
  try {
    for (const name of names) {
      const sqliteSql = fs.readFileSync(path.join(SQLITE_MIGRATIONS, name, "migration.sql"), "utf8");
      await sqlite.executeMultiple(sqliteSql);
      const pulled = prisma(["db", "pull", "--print", "--schema", pullSchema], `file:${dbFile}`);
      const state = introspectedAsPostgres(pulled);
      let diff = "";
      if (state !== previous) {
        const to = path.join(tmp, `${name}.prisma`);
        fs.writeFileSync(to, state);
        const from =
          previous === null ? ["--from-empty"] : ["--from-schema-datamodel", path.join(tmp, "previous.prisma")];
        diff = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", to, "--script"], url).trim();
        fs.copyFileSync(to, path.join(tmp, "previous.prisma"));
        previous = state;
      }
      const own = path.join(SQLITE_MIGRATIONS, name, "postgres.sql");
      const hand = fs.existsSync(own) ? fs.readFileSync(own, "utf8").trim() : null;
      const unexpressed = handWrittenStatements(sqliteSql, diff);
      if (unexpressed.length > 0 && hand === null) {
        throw new Error(
          `prisma/migrations/${name}/migration.sql has SQL a schema diff cannot produce for PostgreSQL:\n` +
            unexpressed.map((st) => `  ${st.slice(0, 160)}`).join("\n") +
            `\nWrite its PostgreSQL version in prisma/migrations/${name}/postgres.sql (a comment saying why ` +
            "nothing is needed is fine), then run this again.",
        );
      }
      const parts = [
        `-- PostgreSQL twin of prisma/migrations/${name}, generated by scripts/postgres-migrations.ts.`,
        diff || "-- The schema did not change.",
        ...(hand ? [`-- From prisma/migrations/${name}/postgres.sql:`, hand] : []),
      ];
      twins.push({ name, sql: parts.join("\n\n") + "\n" });
    }
  } finally {
    sqlite.close();
  }
  return twins;
}

function twinFile(name: string): string {
  return path.join(PG_MIGRATIONS, name, "migration.sql");
}

async function main() {
  const check = process.argv.includes("--check");
  const wanted = postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const names = migrationNames(SQLITE_MIGRATIONS);
  const stray = migrationNames(PG_MIGRATIONS).filter((n) => !names.includes(n));
  const problems: string[] = [];
  if (stray.length) problems.push(...stray.map((n) => `PostgreSQL migration ${n} has no SQLite migration`));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-pg-schema-"));
  let cluster: PostgresCluster | null = null;
  try {
    // prisma.config.ts points Prisma at prisma/postgres/schema.prisma for a PostgreSQL URL, and Prisma wants
    // that file to exist.
    if (!check) {
      fs.mkdirSync(PG_DIR, { recursive: true });
      fs.writeFileSync(PG_SCHEMA, wanted);
    }
    let url = process.env.DATABASE_URL ?? "";
    if (!/^postgres(ql)?:\/\//.test(url)) {
      cluster = await startPostgresCluster();
      url = cluster.url;
    }
    const twins = await generateTwins(names, url, tmp);
    if (check) {
      const current = fs.existsSync(PG_SCHEMA) ? fs.readFileSync(PG_SCHEMA, "utf8") : null;
      if (current !== wanted)
        problems.push("prisma/postgres/schema.prisma is not prisma/schema.prisma's PostgreSQL version");
      for (const t of twins) {
        if (!fs.existsSync(twinFile(t.name))) problems.push(`SQLite migration ${t.name} has no PostgreSQL twin`);
        else if (fs.readFileSync(twinFile(t.name), "utf8") !== t.sql)
          problems.push(`PostgreSQL twin of ${t.name} differs from what its SQLite migration builds`);
      }
    } else {
      if (stray.length) throw new Error(problems.join("\n"));
      fs.mkdirSync(PG_MIGRATIONS, { recursive: true });
      fs.writeFileSync(path.join(PG_MIGRATIONS, "migration_lock.toml"), 'provider = "postgresql"\n');
      for (const t of twins) {
        const file = twinFile(t.name);
        const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
        if (existing === t.sql) continue;
        // A twin already applied somewhere must not change under it: say so rather than rewrite silently.
        if (existing !== null)
          console.warn(`rewrote ${path.relative(ROOT, file)}: it differed from its SQLite migration`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, t.sql);
        console.log(`wrote ${path.relative(ROOT, file)}`);
      }
      console.log(`prisma/postgres/schema.prisma and ${twins.length} PostgreSQL twins are in step with SQLite's.`);
    }
  } finally {
    cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (check) {
    if (problems.length) {
      console.error(`${problems.join("\n")}\nRun: npm run db:postgres-migrations`);
      process.exit(1);
    }
    console.log(`PostgreSQL schema and ${names.length} twins are in step with SQLite's.`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
