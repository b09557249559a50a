/**
 * Seeds the rate-limited run's database in its own process (lib/db/prisma.ts holds one database per
 * process): migrations, a small directory, and a Zscaler Two app at the template's default rate (5/s).
 * Writes {"jobId"} to $PROVISIO_DATA_DIR/job.json.
 *
 *   node --import tsx bench/seed-child.ts <users> <groups> <tenantUrl>   (token in BENCH_TARGET_TOKEN)
 */
import fs from "node:fs";
import path from "node:path";
import { migrateDatabase } from "./migrate-database";

async function main() {
  const [usersArg, groupsArg, tenantUrl] = process.argv.slice(2);
  const token = process.env.BENCH_TARGET_TOKEN;
  const dir = process.env.PROVISIO_DATA_DIR;
  if (!token || !dir || !process.env.DATABASE_URL || !tenantUrl)
    throw new Error(
      "Set BENCH_TARGET_TOKEN, PROVISIO_DATA_DIR and DATABASE_URL, and pass <users> <groups> <tenantUrl>.",
    );
  await migrateDatabase(process.env.DATABASE_URL);
  const { createBenchApplication, disconnect, seedDirectory } = await import("./seed-bench");
  await seedDirectory({ users: Number(usersArg), groups: Number(groupsArg), groupSize: 50, prefix: "r" });
  const { jobId } = await createBenchApplication({
    name: "Zscaler Two (rate-limited bench)",
    tenantUrl,
    token,
    rateLimitPerSecond: null,
  });
  fs.writeFileSync(path.join(dir, "job.json"), JSON.stringify({ jobId }) + "\n");
  await disconnect();
}

main().catch((e) => {
  process.stderr.write(`seed-child: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
