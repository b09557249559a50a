/**
 * Runs before the app starts: applies committed migrations to the database (creating the SQLite file under
 * the data folder on first start) and loads the demo on a new, empty database.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { databaseUrl } from "../lib/db/database-url";

async function main() {
  const url = databaseUrl();
  const prismaBin = path.join(process.cwd(), "node_modules", ".bin", "prisma");
  execFileSync(prismaBin, ["migrate", "deploy"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url },
  });
  console.log(`Database ready (${url.startsWith("file:") ? url.slice(5) : "external"})`);

  // Unattended installs: PROVISIO_ADMIN_USERNAME/PASSWORD create the first Administrator (never a reset).
  const { ensureEnvAdmin } = await import("../lib/auth/ensure-env-admin");
  const admin = await ensureEnvAdmin();
  if (admin.created) console.log(`Administrator "${admin.username}" created from PROVISIO_ADMIN_USERNAME`);

  // WAL lets pages read while a cycle (or the CLI, in another process) writes. The mode is kept in the file.
  const { prisma } = await import("../lib/db/prisma");
  if (url.startsWith("file:")) await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");

  const { seedDemo } = await import("../lib/demo/seed-demo");
  const result = await seedDemo();
  if (result.seeded) console.log(`Demo loaded: ${result.summary}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
