/**
 * Runs before the app starts (and before a worker, `npm run worker`): applies the committed migrations of
 * the database DATABASE_URL names (prisma/migrations for SQLite, creating the file under the data folder on
 * first start; prisma/postgres/migrations for PostgreSQL) and loads the demo on a new, empty database.
 * Several processes may run it at once against one PostgreSQL database: Prisma's migrate takes an advisory
 * lock, and so does the first start's administrator and demo (withAdvisoryLock).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { databaseKind } from "../lib/db/database-kind";
import { databaseUrl } from "../lib/db/database-url";

/** Where the database is, for the start-up line: the file, or host and database name (never a password). */
function describe(url: string): string {
  if (databaseKind(url) === "sqlite") return url.slice("file:".length);
  const u = new URL(url);
  return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
}

async function main() {
  const url = databaseUrl();
  const prismaBin = path.join(process.cwd(), "node_modules", ".bin", "prisma");
  execFileSync(prismaBin, ["migrate", "deploy"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url },
  });
  console.log(`Database ready (${describe(url)})`);

  const { prisma } = await import("../lib/db/prisma");
  // WAL lets pages read while a cycle (or the CLI, in another process) writes. The mode is kept in the file.
  if (databaseKind(url) === "sqlite") await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  const firstStart = async () => {
    // Unattended installs: PROVISIO_ADMIN_USERNAME/PASSWORD create the first Administrator (never a reset).
    const { ensureEnvAdmin } = await import("../lib/auth/ensure-env-admin");
    const admin = await ensureEnvAdmin();
    if (admin.created) console.log(`Administrator "${admin.username}" created from PROVISIO_ADMIN_USERNAME`);
    const { seedDemo } = await import("../lib/demo/seed-demo");
    const result = await seedDemo();
    if (result.seeded) console.log(`Demo loaded: ${result.summary}`);
  };
  if (databaseKind(url) === "postgres") {
    // Web instances and workers may start together: one at a time creates the administrator and the demo.
    const { withAdvisoryLock } = await import("../lib/db/postgres/with-advisory-lock");
    await withAdvisoryLock("provisio:first-start", firstStart);
    const { closePostgresPools } = await import("../lib/db/postgres/postgres-pool");
    await prisma.$disconnect();
    await closePostgresPools();
  } else {
    await firstStart();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
