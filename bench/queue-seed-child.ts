/**
 * Seeds the queue benchmark's PostgreSQL database in its own process (lib/db/prisma.ts holds one database
 * per process): a directory of <users> users and one unthrottled Zscaler Two application per target URL,
 * each with scope All. Prints {"jobIds": [...]}.
 *
 *   node --import tsx bench/queue-seed-child.ts <users> <tenantUrl>...   (token in BENCH_TARGET_TOKEN)
 */
async function main(): Promise<void> {
  const [usersArg, ...urls] = process.argv.slice(2);
  const token = process.env.BENCH_TARGET_TOKEN;
  if (!token || !process.env.DATABASE_URL || urls.length === 0)
    throw new Error("Set BENCH_TARGET_TOKEN and DATABASE_URL, and pass <users> <tenantUrl>...");
  const { createBenchApplication, disconnect, seedDirectory } = await import("./seed-bench");
  await seedDirectory({ users: Number(usersArg), groups: 0, groupSize: 0, prefix: "q" });
  const jobIds: string[] = [];
  for (const [i, tenantUrl] of urls.entries()) {
    const { jobId } = await createBenchApplication({
      name: `Queue bench ${i}`,
      tenantUrl,
      token,
      rateLimitPerSecond: 0,
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
