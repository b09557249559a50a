/**
 * Job-queue benchmark (issue 17): throughput of 1 worker against 2 workers on PostgreSQL with
 * PROVISIO_WORKERS=queue, against fast (unthrottled) sandbox targets.
 *
 *   npm run bench:queue                          # 4 applications × 1,000 users, 1 then 2 workers
 *   npm run bench:queue -- --apps 6 --users 2000
 *
 * Each run: a fresh database on a throwaway PostgreSQL cluster, one sandbox target process per application,
 * the directory and applications seeded in a child process, then W workers (scripts/worker.ts, cycles
 * inline so one worker is one process and one event loop, PROVISIO_MAX_PARALLEL_CYCLES slots each) run
 * every application's initial cycle from the queue. The time is from the first cycle's start to the last
 * one's end, read from the Cycle rows (the scheduler's 5 s tick before the first enqueue is left out).
 * Exits 1 when a cycle fails or a process does not start; the 1.7× goal is reported, not failed.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { databaseUrlFor, startPostgresCluster } from "../scripts/postgres-cluster";

const ROOT = path.resolve(__dirname, "..");
const TOKEN = "queue-bench-token";
const GOAL = 1.7;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

function nodeTs(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: "", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
}

/** The first JSON line a process prints. */
function firstJsonLine<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on("line", (l) => {
      if (l.trim().startsWith("{")) resolve(JSON.parse(l) as T);
    });
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code} before it was ready`)));
  });
}

type RunResult = { workers: number; seconds: number; objectsPerSecond: number };

async function run(server: string, workers: number, apps: number, users: number): Promise<RunResult> {
  const database = `queue_bench_${workers}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = databaseUrlFor(server, database);
  execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const common = { DATABASE_URL: url, PROVISIO_DEMO: "false", PROVISIO_DATA_DIR: path.join(ROOT, "data") };
  const targets = Array.from({ length: apps }, () => nodeTs(["bench/target-process.ts", "--token", TOKEN], {}));
  const children: ChildProcess[] = [...targets];
  try {
    const urls = await Promise.all(
      targets.map((t) => firstJsonLine<{ url: string }>(t, "a target").then((r) => r.url)),
    );
    const seed = nodeTs(["bench/queue-seed-child.ts", String(users), ...urls], {
      ...common,
      BENCH_TARGET_TOKEN: TOKEN,
    });
    const { jobIds } = await firstJsonLine<{ jobIds: string[] }>(seed, "the seed process");
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const started = Array.from({ length: workers }, () =>
        nodeTs(["scripts/worker.ts"], { ...common, PROVISIO_WORKERS: "queue", PROVISIO_CYCLE_PROCESS: "inline" }),
      );
      children.push(...started);
      await Promise.all(started.map((w) => firstJsonLine(w, "a worker")));
      await db.query(`UPDATE "ProvisioningJob" SET "nextRunAt" = now() WHERE id = ANY($1)`, [jobIds]);
      for (;;) {
        const { rows } = await db.query<{ status: string; n: number }>(
          `SELECT status, COUNT(*)::int AS n FROM "Cycle" WHERE "jobId" = ANY($1) AND status <> 'Running' GROUP BY status`,
          [jobIds],
        );
        const failed = rows.filter((r) => r.status !== "Succeeded");
        if (failed.length > 0) throw new Error(`cycles ended ${JSON.stringify(failed)}`);
        if ((rows[0]?.n ?? 0) === jobIds.length) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const { rows } = await db.query<{ seconds: number }>(
        `SELECT EXTRACT(EPOCH FROM MAX("endedAt") - MIN("startedAt"))::float AS seconds FROM "Cycle" WHERE "jobId" = ANY($1)`,
        [jobIds],
      );
      const seconds = rows[0]!.seconds;
      return { workers, seconds, objectsPerSecond: (apps * users) / seconds };
    } finally {
      await db.end();
    }
  } finally {
    for (const c of children) c.kill("SIGKILL");
  }
}

async function main(): Promise<void> {
  const apps = arg("apps", 4);
  const users = arg("users", 1000);
  const cluster = await startPostgresCluster();
  try {
    const one = await run(cluster.url, 1, apps, users);
    const two = await run(cluster.url, 2, apps, users);
    const ratio = two.objectsPerSecond / one.objectsPerSecond;
    console.log(`\nQueue workers: ${apps} applications × ${users} users, fast targets`);
    console.log("| workers | seconds | users provisioned/s |");
    console.log("| --- | --- | --- |");
    for (const r of [one, two])
      console.log(`| ${r.workers} | ${r.seconds.toFixed(1)} | ${r.objectsPerSecond.toFixed(0)} |`);
    console.log(`2 workers ÷ 1 worker: ${ratio.toFixed(2)}× (goal ≥ ${GOAL}×: ${ratio >= GOAL ? "met" : "missed"})`);
  } finally {
    cluster.stop();
  }
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
