import fs from "node:fs";
import path from "node:path";
import { createClient } from "@libsql/client";

/**
 * Applies the committed migrations to a new database file, as lib/test/setup-database.ts does. Call it
 * before importing lib/ code, so that nothing lib/db installs on the SQLite driver is in the way.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const migrationsDir = path.resolve(__dirname, "../prisma/migrations");
  const client = createClient({ url });
  try {
    for (const name of fs.readdirSync(migrationsDir).sort()) {
      const file = path.join(migrationsDir, name, "migration.sql");
      if (fs.existsSync(file)) await client.executeMultiple(fs.readFileSync(file, "utf8"));
    }
    // As scripts/prepare-database.ts does for the app: readers never wait for the cycle's writes.
    await client.execute("PRAGMA journal_mode = WAL");
  } finally {
    client.close();
  }
}
