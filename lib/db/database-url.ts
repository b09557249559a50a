import fs from "node:fs";
import path from "node:path";
import { env, type Env } from "../env";

/**
 * The database URL: DATABASE_URL, or an SQLite file under the data folder (PROVISIO_DATA_DIR, default ./data).
 * Creates the data folder so that a first start needs no manual step.
 */
export function databaseUrl(e: Pick<Env, "DATABASE_URL" | "PROVISIO_DATA_DIR"> = env()): string {
  const { DATABASE_URL, PROVISIO_DATA_DIR } = e;
  if (DATABASE_URL) return DATABASE_URL;
  // The data folder is chosen at run time: tell Turbopack not to trace the whole project from here.
  const dataDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), PROVISIO_DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  return `file:${path.join(dataDir, "provisio.db")}`;
}
