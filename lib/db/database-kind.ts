import path from "node:path";
import { databaseUrl } from "./database-url";

export type DatabaseKind = "sqlite" | "postgres";

/** SQLite for `file:` URLs (the embedded default), PostgreSQL for `postgres://` and `postgresql://`. */
export function databaseKind(url: string = databaseUrl()): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  // lib/env.ts refuses other URLs at start; this guards code that is handed a URL directly.
  throw new Error("DATABASE_URL must be a file: URL (SQLite) or a postgres:// URL (PostgreSQL).");
}

/** The database file of a `file:` URL, as an absolute path. */
export function sqliteFile(url: string): string {
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), url.slice("file:".length).split("?")[0]);
}
