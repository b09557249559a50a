/**
 * Vitest setup: every test file gets its own fresh database with the committed migrations applied, so lib/
 * code that uses the shared Prisma client runs against a real database in isolation. SQLite by default (a
 * new file); PostgreSQL when the run is one (PROVISIO_TEST_DATABASE=postgres, see global-setup.ts): a
 * database copied from the migrated template.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { databaseUrlFor } from "../../scripts/postgres-cluster";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-test-"));
process.env.PROVISIO_DATA_DIR = dir;
process.env.PROVISIO_DEMO = "false";
const server = inject("postgresServerUrl");

if (server) {
  const database = `provisio_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}" TEMPLATE "provisio_template"`);
  await admin.end();
  process.env.DATABASE_URL = databaseUrlFor(server, database);
  afterAll(async () => {
    // Connections this file's code opened (Prisma's, the store's, the queue's) go with the database.
    const { closePostgresPools } = await import("../db/postgres/postgres-pool");
    await closePostgresPools();
    const drop = new pg.Client({ connectionString: server });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await drop.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });
} else {
  process.env.DATABASE_URL = `file:${path.join(dir, "provisio.db")}`;
  const migrationsDir = path.resolve(__dirname, "../../prisma/migrations");
  const client = createClient({ url: process.env.DATABASE_URL });
  for (const name of fs.readdirSync(migrationsDir).sort()) {
    const file = path.join(migrationsDir, name, "migration.sql");
    if (fs.existsSync(file)) await client.executeMultiple(fs.readFileSync(file, "utf8"));
  }
  // As the app (scripts/prepare-database.ts): readers never wait for the cycle's write thread.
  await client.execute("PRAGMA journal_mode = WAL");
  client.close();

  // The folder goes when the file's tests are done (open handles on Linux keep working until closed).
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
