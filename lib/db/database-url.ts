import fs from "node:fs";
import path from "node:path";
import { env, type Env } from "../env";
import { secureDatabaseFiles } from "./secure-database-files";

/**
 * The database URL: DATABASE_URL, or an SQLite file under the data folder (PROVISIO_DATA_DIR, default ./data).
 * Creates the data folder and the database file (mode 0600, see secure-database-files.ts) so that a first
 * start needs no manual step and no other user can read the data.
 */
export function databaseUrl(e: Pick<Env, "DATABASE_URL" | "PROVISIO_DATA_DIR"> = env()): string {
  const { DATABASE_URL, PROVISIO_DATA_DIR } = e;
  if (DATABASE_URL) {
    secureDatabaseFiles(DATABASE_URL);
    return DATABASE_URL;
  }
  // The data folder is chosen at run time: tell Turbopack not to trace the whole project from here.
  const dataDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), PROVISIO_DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const url = `file:${path.join(dataDir, "provisio.db")}`;
  secureDatabaseFiles(url);
  return url;
}
