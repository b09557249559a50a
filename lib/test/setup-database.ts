/**
 * Vitest setup: every test file gets its own fresh SQLite database with the committed migrations applied,
 * so lib/ code that uses the shared Prisma client runs against a real database in isolation.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterAll } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-test-"));
process.env.PROVISIO_DATA_DIR = dir;
process.env.DATABASE_URL = `file:${path.join(dir, "provisio.db")}`;
process.env.PROVISIO_DEMO = "false";

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
