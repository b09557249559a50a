import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { databaseUrlFor } from "./postgres-cluster";
import { handWrittenStatements, migrationNames, postgresSchema } from "./postgres-migrations";
import { postgresShape, sqliteShape } from "./schema-shape";

const ROOT = path.resolve(__dirname, "..");

describe("PostgreSQL schema and migrations, generated from SQLite's", () => {
  it("give every SQLite migration a PostgreSQL twin of the same name, and nothing else", () => {
    const sqlite = migrationNames(path.join(ROOT, "prisma", "migrations"));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrationNames(path.join(ROOT, "prisma", "postgres", "migrations"))).toEqual(sqlite);
  });

  it("converts the schema: PostgreSQL provider, its own client, nothing else changed", () => {
    const source = fs.readFileSync(path.join(ROOT, "prisma", "schema.prisma"), "utf8");
    const converted = postgresSchema(source);
    expect(converted).toMatch(/provider = "postgresql"/);
    expect(converted).toMatch(/output\s+= "\.\.\/\.\.\/node_modules\/\.prisma\/client-postgres"/);
    expect(converted).not.toMatch(/sqlite/);
    const models = (s: string) => s.slice(s.indexOf("\nmodel "));
    expect(models(converted)).toBe(models(source));
  });

  it("finds the SQL of a SQLite migration that a schema diff cannot give PostgreSQL", () => {
    const sqlite = `-- a comment with UPDATE in it
ALTER TABLE "T" ADD COLUMN "k" TEXT;
UPDATE "T" SET "k" = lower("v");
INSERT INTO "new_T" ("id") SELECT "id" FROM "T";
INSERT INTO "Setting" ("key", "value") VALUES ('a', 'b');
CREATE INDEX "T_k_idx" ON "T"("k");
CREATE INDEX "T_lower_idx" ON "T"(lower("v"));
CREATE UNIQUE INDEX "T_v_key" ON "T"("v" ASC, "k");
CREATE INDEX "T_live_idx" ON "T"("k") WHERE "deletedAt" IS NULL;
DROP INDEX "T_old_idx";`;
    const generated = `ALTER TABLE "T" ADD COLUMN "k" TEXT;\nCREATE INDEX "T_k_idx" ON "T"("k");`;
    expect(handWrittenStatements(sqlite, generated)).toEqual([
      `UPDATE "T" SET "k" = lower("v")`,
      `INSERT INTO "Setting" ("key", "value") VALUES ('a', 'b')`,
      `CREATE INDEX "T_lower_idx" ON "T"(lower("v"))`,
      // T_v_key is on plain columns: a table redefinition's recreated index, which the schema has.
      `CREATE INDEX "T_live_idx" ON "T"("k") WHERE "deletedAt" IS NULL`,
      `DROP INDEX "T_old_idx"`,
    ]);
  });

  const server = inject("postgresServerUrl");
  it.runIf(server)(
    "build, migration by migration, the same tables, columns, indexes and foreign keys on SQLite and PostgreSQL",
    async () => {
      const steps = `provisio_steps_${process.pid}`;
      const admin = new pg.Client({ connectionString: server! });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${steps}"`);
      await admin.query(`CREATE DATABASE "${steps}"`);
      await admin.end();
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-steps-"));
      const sqlite = createClient({ url: `file:${path.join(tmp, "steps.db")}` });
      const postgres = new pg.Client({ connectionString: databaseUrlFor(server!, steps) });
      await postgres.connect();
      try {
        for (const name of migrationNames(path.join(ROOT, "prisma", "migrations"))) {
          await sqlite.executeMultiple(
            fs.readFileSync(path.join(ROOT, "prisma", "migrations", name, "migration.sql"), "utf8"),
          );
          const twin = path.join(ROOT, "prisma", "postgres", "migrations", name, "migration.sql");
          await postgres.query(fs.readFileSync(twin, "utf8"));
          // The message names the migration whose twin drifted.
          expect({ after: name, ...(await postgresShape(postgres)) }).toEqual({
            after: name,
            ...(await sqliteShape(sqlite)),
          });
        }
      } finally {
        sqlite.close();
        await postgres.end();
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it.runIf(server)(
    "build, from an empty database, exactly the tables, columns and indexes the PostgreSQL schema describes",
    async () => {
      // This file's database is a copy of the run's template, which `prisma migrate deploy` built from the
      // committed migrations (lib/test/global-setup.ts); nothing in this file writes to it.
      const fromMigrations = process.env.DATABASE_URL!;
      const fromSchema = `provisio_schema_${process.pid}`;
      const admin = new pg.Client({ connectionString: server! });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${fromSchema}"`);
      await admin.query(`CREATE DATABASE "${fromSchema}"`);
      await admin.end();
      const script = execFileSync(
        path.join(ROOT, "node_modules", ".bin", "prisma"),
        ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/postgres/schema.prisma", "--script"],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrlFor(server!, fromSchema) } },
      );
      const describe = async (url: string, extra?: string) => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          if (extra) await c.query(extra);
          const columns = await c.query(
            `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`,
          );
          const indexes = await c.query(
            `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
          );
          const constraints = await c.query(
            `SELECT conname, pg_get_constraintdef(pg_constraint.oid) AS def FROM pg_constraint
             JOIN pg_class ON pg_class.oid = conrelid
             WHERE connamespace = 'public'::regnamespace AND relname <> '_prisma_migrations' ORDER BY 1`,
          );
          return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
        } finally {
          await c.end();
        }
      };
      const migrated = await describe(fromMigrations);
      const declared = await describe(databaseUrlFor(server!, fromSchema), script);
      expect(migrated.columns).toEqual(declared.columns);
      expect(migrated.constraints).toEqual(declared.constraints);
      // The schema declares every index; two are recreated by a migration's postgres.sql under the "C"
      // collation, which a schema cannot say.
      const collated = ["ProvisioningLogEntry_displayNameKey_idx", "ProvisioningLogEntry_identityKey_idx"];
      const plain = (defs: { indexname: string; indexdef: string }[]) =>
        defs.map((i) =>
          collated.includes(i.indexname) ? { ...i, indexdef: i.indexdef.replace(' COLLATE "C"', "") } : i,
        );
      // And one index is on an expression, which a schema cannot declare at all: only postgres.sql makes it.
      const expressions = ["DirectoryUser_userPrincipalName_lower_idx"];
      expect(plain(migrated.indexes).filter((i) => !expressions.includes(i.indexname))).toEqual(declared.indexes);
      expect(migrated.indexes.filter((i) => expressions.includes(i.indexname)).map((i) => i.indexdef)).toEqual([
        expect.stringContaining(`(lower("userPrincipalName"))`),
      ]);
      expect(migrated.indexes.filter((i) => collated.includes(i.indexname)).map((i) => i.indexdef)).toEqual([
        expect.stringContaining(`("displayNameKey" COLLATE "C")`),
        expect.stringContaining(`("identityKey" COLLATE "C")`),
      ]);
    },
    120_000,
  );
});
