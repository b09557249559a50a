import fs from "node:fs";
import path from "node:path";

/**
 * The database URL: DATABASE_URL, or an SQLite file under the data folder (PROVISIO_DATA_DIR, default ./data).
 * Creates the data folder so that a first start needs no manual step.
 */
export function databaseUrl(): string {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return fromEnv;
  // The data folder is chosen at run time: tell Turbopack not to trace the whole project from here.
  const dataDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), process.env.PROVISIO_DATA_DIR ?? "data");
  fs.mkdirSync(dataDir, { recursive: true });
  return `file:${path.join(dataDir, "provisio.db")}`;
}
