/**
 * Job-queue benchmark (issue 17), on PostgreSQL with PROVISIO_WORKERS=queue. Two scenarios:
 *
 *   npm run bench:queue                          # fast targets: 4 applications × 1,000 users, 1 then 2 workers
 *   npm run bench:queue -- --apps 6 --users 2000
 *   npm run bench:queue -- --rated               # 50 applications × 2,000 users, each target at 25 requests/s,
 *                                                # 2 workers with 25 cycle slots each
 *   npm run bench:queue -- --rated --apps 10 --users 500 --rate 25
 *
 * Each run: a fresh database on a throwaway PostgreSQL cluster, one sandbox target per application, in a
 * process of its own (under --rated, ten to a process, each target refusing more than --rate requests/s
 * with 429 and the application paced at that rate), the directory and applications seeded in a child process, then W workers (scripts/worker.ts,
 * cycles inline so one worker is one process and one event loop) run every application's initial cycle from
 * the queue. The time is from the first cycle's start to the last one's end, read from the Cycle rows (the
 * scheduler's tick before the first enqueue is left out). A worker's peak RSS is its VmHWM, read just before
 * it is stopped. Exits 1 when a cycle fails or a process does not start; goals are reported, not failed.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { databaseUrlFor, startPostgresCluster } from "../scripts/postgres-cluster";

const ROOT = path.resolve(__dirname, "..");
const TOKEN = "queue-bench-token";
const GOAL = 1.7;
/**
 * Sandbox targets served by one process. Fast targets get a process each (their CPU is what the run
 * spends most); rated ones share, ten to a process: 50 Node processes on two cores would mostly measure the
 * operating system's scheduler, and 10 targets at 25/s keep one event loop about a quarter busy.
 */
const TARGETS_PER_PROCESS_RATED = 10;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0 || (v === 0 && name !== "rate"))
    throw new Error(`--${name} must be a positive integer`);
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

type RunOptions = { workers: number; apps: number; users: number; rate: number; slots: number };
type RunResult = RunOptions & {
  seconds: number;
  objectsPerSecond: number;
  /** Each application's finish, from the first cycle's start, in seconds. */
  finishes: number[];
  /** The busiest application's requests (from its Cycle row). */
  maxRequests: number;
  workerPeakRssMb: number[];
  /** CPU seconds of the workers and of the targets during the run, and how busy the whole machine was (0–1). */
  workerCpuSeconds: number;
  targetCpuSeconds: number;
  machineBusy: number;
};

/** A process's CPU time so far (user + system), in seconds, or NaN when it cannot be read. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/** The machine's busy and total CPU time so far, from /proc/stat, in clock ticks. */
function machineCpu(): { busy: number; total: number } {
  const [, ...v] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const n = v.map(Number);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** A process's peak resident set (VmHWM), in MB, or NaN when it cannot be read. */
function peakRssMb(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function run(server: string, o: RunOptions): Promise<RunResult> {
  const database = `queue_bench_${o.workers}_${Date.now()}`;
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
  const rateArgs = o.rate > 0 ? ["--rate-limit", String(o.rate)] : [];
  // One target per application; rated ones TARGETS_PER_PROCESS_RATED to a process (each its own port and limit).
  const perProcess = o.rate > 0 ? TARGETS_PER_PROCESS_RATED : 1;
  const targets = Array.from({ length: Math.ceil(o.apps / perProcess) }, (_, i) => {
    const count = Math.min(perProcess, o.apps - i * perProcess);
    return nodeTs(["bench/target-process.ts", "--token", TOKEN, "--count", String(count), ...rateArgs], {});
  });
  const children: ChildProcess[] = [...targets];
  try {
    const urls = (
      await Promise.all(targets.map((t) => firstJsonLine<{ urls: string[] }>(t, "a target process")))
    ).flatMap((r) => r.urls);
    const seed = nodeTs(["bench/queue-seed-child.ts", String(o.users), ...urls], {
      ...common,
      BENCH_TARGET_TOKEN: TOKEN,
      BENCH_RATE: String(o.rate),
    });
    const { jobIds } = await firstJsonLine<{ jobIds: string[] }>(seed, "the seed process");
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const started = Array.from({ length: o.workers }, () =>
        nodeTs(["scripts/worker.ts"], {
          ...common,
          PROVISIO_WORKERS: "queue",
          PROVISIO_CYCLE_PROCESS: "inline",
          PROVISIO_MAX_PARALLEL_CYCLES: String(o.slots),
          // Each slot's cycle holds a connection at times, and the queue and the rate buckets need theirs.
          PROVISIO_PG_POOL_SIZE: String(Math.max(10, o.slots + 6)),
        }),
      );
      children.push(...started);
      await Promise.all(started.map((w) => firstJsonLine(w, "a worker")));
      const cpuAt = (ps: ChildProcess[]) => ps.reduce((sum, p) => sum + cpuSeconds(p.pid), 0);
      const [workers0, targets0, machine0] = [cpuAt(started), cpuAt(targets), machineCpu()];
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
      const workerPeakRssMb = started.map((w) => peakRssMb(w.pid));
      const machine1 = machineCpu();
      const workerCpuSeconds = cpuAt(started) - workers0;
      const targetCpuSeconds = cpuAt(targets) - targets0;
      const machineBusy = (machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total);
      const { rows } = await db.query<{ finish: number; requests: number }>(
        `SELECT EXTRACT(EPOCH FROM "endedAt" - MIN("startedAt") OVER ())::float AS finish, requests
           FROM "Cycle" WHERE "jobId" = ANY($1)`,
        [jobIds],
      );
      const finishes = rows.map((r) => r.finish).sort((a, b) => a - b);
      const seconds = finishes[finishes.length - 1]!;
      const maxRequests = Math.max(...rows.map((r) => r.requests));
      return {
        ...o,
        seconds,
        objectsPerSecond: (o.apps * o.users) / seconds,
        finishes,
        maxRequests,
        workerPeakRssMb,
        workerCpuSeconds,
        targetCpuSeconds,
        machineBusy,
      };
    } finally {
      await db.end();
    }
  } finally {
    for (const c of children) c.kill("SIGKILL");
  }
}

const median = (sorted: number[]) =>
  sorted.length % 2
    ? sorted[(sorted.length - 1) / 2]!
    : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;

function loadAverage(): string {
  return os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");
}

async function fast(server: string): Promise<void> {
  const apps = arg("apps", 4);
  const users = arg("users", 1000);
  const slots = arg("slots", 4);
  const one = await run(server, { workers: 1, apps, users, rate: 0, slots });
  const two = await run(server, { workers: 2, apps, users, rate: 0, slots });
  const ratio = two.objectsPerSecond / one.objectsPerSecond;
  console.log(`\nQueue workers: ${apps} applications × ${users} users, fast targets, ${slots} slots per worker`);
  console.log(
    "| workers | seconds | users provisioned/s | worker peak RSS (MB) | CPU s: workers / targets | machine busy |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const r of [one, two])
    console.log(
      `| ${r.workers} | ${r.seconds.toFixed(1)} | ${r.objectsPerSecond.toFixed(0)} | ${r.workerPeakRssMb.map((m) => m.toFixed(0)).join(", ")} | ${r.workerCpuSeconds.toFixed(1)} / ${r.targetCpuSeconds.toFixed(1)} | ${(r.machineBusy * 100).toFixed(0)}% |`,
    );
  console.log(`2 workers ÷ 1 worker: ${ratio.toFixed(2)}× (goal ≥ ${GOAL}×: ${ratio >= GOAL ? "met" : "missed"})`);
}

async function rated(server: string): Promise<void> {
  const apps = arg("apps", 50);
  const users = arg("users", 2000);
  const rate = arg("rate", 25);
  const workers = arg("workers", 2);
  const slots = arg("slots", Math.ceil(apps / workers));
  const r = await run(server, { workers, apps, users, rate, slots });
  const ideal = r.maxRequests / rate;
  const spread = r.finishes[r.finishes.length - 1]! / median(r.finishes);
  const rss = Math.max(...r.workerPeakRssMb);
  const verdict = (ok: boolean) => (ok ? "met" : "missed");
  console.log(
    `\nQueue workers: ${apps} applications × ${users} users, each target at ${rate} requests/s, ${workers} workers × ${slots} slots`,
  );
  console.log("| figure | value | goal |");
  console.log("| --- | --- | --- |");
  console.log(
    `| total ÷ ideal (busiest target's ${r.maxRequests} requests ÷ ${rate}/s = ${ideal.toFixed(1)} s) | ${r.seconds.toFixed(1)} s ÷ ${ideal.toFixed(1)} s = ${(r.seconds / ideal).toFixed(2)} | ≤ 1.1 (${verdict(r.seconds / ideal <= 1.1)}) |`,
  );
  console.log(
    `| slowest application's finish ÷ median | ${r.finishes[r.finishes.length - 1]!.toFixed(1)} s ÷ ${median(r.finishes).toFixed(1)} s = ${spread.toFixed(2)} | ≤ 1.5 (${verdict(spread <= 1.5)}) |`,
  );
  console.log(
    `| peak RSS of a worker | ${r.workerPeakRssMb.map((m) => m.toFixed(0)).join(" MB, ")} MB | ≤ 300 MB (${verdict(rss <= 300)}) |`,
  );
  console.log(`| users provisioned/s, all applications | ${r.objectsPerSecond.toFixed(0)} | |`);
  console.log(
    `| CPU s: workers / targets; machine busy | ${r.workerCpuSeconds.toFixed(1)} / ${r.targetCpuSeconds.toFixed(1)}; ${(r.machineBusy * 100).toFixed(0)}% | |`,
  );
}

async function main(): Promise<void> {
  const cluster = await startPostgresCluster();
  const before = loadAverage();
  try {
    await (process.argv.includes("--rated") ? rated(cluster.url) : fast(cluster.url));
    console.log(`Load average before: ${before}; after: ${loadAverage()} (${os.cpus().length} cores)`);
  } finally {
    cluster.stop();
  }
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
