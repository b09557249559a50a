/**
 * Seeds the queue benchmark's PostgreSQL database in its own process (lib/db/prisma.ts holds one database
 * per process): a directory of <users> users and BENCH_GROUPS groups of 50 (default none), and one Zscaler Two
 * application per target URL with scope All, paced at BENCH_RATE requests/s (0 or unset: unthrottled).
 * Prints {"jobIds": [...]}. The queue and PostgreSQL benchmarks use it.
 *
 *   node --import tsx bench/queue-seed-child.ts <users> <tenantUrl>...   (token in BENCH_TARGET_TOKEN)
 */
async function main(): Promise<void> {
  const [usersArg, ...urls] = process.argv.slice(2);
  const token = process.env.BENCH_TARGET_TOKEN;
  if (!token || !process.env.DATABASE_URL || urls.length === 0)
    throw new Error("Set BENCH_TARGET_TOKEN and DATABASE_URL, and pass <users> <tenantUrl>...");
  const { createBenchApplication, disconnect, seedDirectory } = await import("./seed-bench");
  const groups = Number(process.env.BENCH_GROUPS ?? 0);
  await seedDirectory({ users: Number(usersArg), groups, groupSize: groups > 0 ? 50 : 0, prefix: "q" });
  const jobIds: string[] = [];
  for (const [i, tenantUrl] of urls.entries()) {
    const { jobId } = await createBenchApplication({
      name: `Queue bench ${i}`,
      tenantUrl,
      token,
      rateLimitPerSecond: Number(process.env.BENCH_RATE ?? 0),
    });
    jobIds.push(jobId);
  }
  process.stdout.write(JSON.stringify({ jobIds }) + "\n");
  await disconnect();
  process.exit(0);
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
