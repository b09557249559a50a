import fs from "node:fs";
import path from "node:path";

/**
 * The database holds directory personal data and the audit trail: like secret.key it is for this user
 * only (0600). SQLite gives its -wal and -shm files the mode of the database file, so creating that file
 * ourselves with 0600, before SQLite or `prisma migrate deploy` would create it with the umask's 0644,
 * covers all three; files an older version left readable are tightened. New folders are 0700. Only local
 * SQLite files (file: URLs); anything else is left alone.
 */
export function secureDatabaseFiles(url: string): void {
  const file = localFile(url);
  if (!file || secured.has(file)) return;
  secured.add(file);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Only a missing file is created ("wx"): closing a descriptor of a database this process already has
  // open would drop SQLite's POSIX locks on it (they belong to the process, not the descriptor).
  try {
    fs.closeSync(fs.openSync(file, "wx", 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      const { mode } = fs.statSync(f);
      if ((mode & 0o077) !== 0) fs.chmodSync(f, mode & 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
}

/** Files already seen by this process: the check runs once per file, before SQLite opens it. */
const secured = new Set<string>();

function localFile(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  let p = url.slice("file:".length).split("?")[0]!;
  if (p.startsWith("//")) p = p.slice(2); // file:///abs/path
  if (p === "" || p === ":memory:") return null;
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), decodeURIComponent(p));
}
