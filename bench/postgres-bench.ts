/**
 * PostgreSQL against SQLite, and the engine's CPU per object (issue 17).
 *
 *   npm run bench:postgres                      # 100,000 users and 1,000 groups of 50
 *   npm run bench:postgres -- --users 10000     # groups default to users ÷ 100
 *   npm run bench:postgres -- --users 10000 --cpu-prof /tmp/prof   # a CPU profile of each cycle process
 *
 * For each database in turn (SQLite, then PostgreSQL on a throwaway cluster, then SQLite and PostgreSQL again
 * with --rounds 2): a fresh database seeded in a child process, a fresh sandbox target in its own process,
 * and the initial cycle in a cycle process started with the app's own flags (bench/run-cycle-child.ts), timed
 * from the Cycle row. Interleaved with the cycles, the bare load generator (bench/raw-load.ts) POSTs users
 * to a second target that is seeded to the cycle target's size: one burst against it while it holds as
 * many users as the cycle's target held at the cycle's start (none), one at its end (all). The CPU figure
 * is the cycle process's CPU per object created ÷ the load generator's CPU per request, both at the
 * template's concurrency. The SQLite engine does its database work in its own process (a thread), the
 * PostgreSQL engine hands it to the server: the PostgreSQL server's CPU is not in its figure, and is printed
 * on its own (the postmaster, the backends it reaped and its live children, from /proc), with the target's.
 *
 * Exits 1 when the benchmark itself breaks (a cycle fails, objects are missing); goals are reported.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { databaseUrlFor, startPostgresCluster } from "../scripts/postgres-cluster";
import { BenchBroken, killAll, runCycleChild, spawnTs, startTarget, type Target } from "./bench-processes";
import { migrateDatabase } from "./migrate-database";
import { runRawLoad } from "./raw-load";

const ROOT = path.resolve(__dirname, "..");
const TOKEN = crypto.randomBytes(24).toString("base64url");
const CONCURRENCY = 2; // the Zscaler Two template's maxConcurrency, as the engine sends
/** --cpu-prof DIR: a V8 CPU profile of each cycle process, written to DIR. */
const PROFILE_DIR = process.argv.includes("--cpu-prof")
  ? path.resolve(process.argv[process.argv.indexOf("--cpu-prof") + 1] ?? "bench/results/profiles")
  : undefined;
const GOALS = { postgresOverSqlite: 1.25, cpuRatio: 2 };

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const loadAverage = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");

type Kind = "sqlite" | "postgres";
type Round = {
  kind: Kind;
  seconds: number;
  objects: number;
  engineCpuUsPerObject: number;
  generatorCpuUsPerRequest: number;
  peakRssMb: number;
  /** PostgreSQL's committed transactions (statements outside one count one each) per object: round trips. */
  transactionsPerObject: number | null;
  /** The PostgreSQL server's CPU (postmaster and every backend) during the cycle, per object; null on SQLite. */
  serverCpuUsPerObject: number | null;
  /** The cycle's target's CPU per object during the cycle. */
  targetCpuUsPerObject: number;
};

/** A process's CPU time in clock ticks (USER_HZ, 100/s): its own, and with `children` its reaped children's. */
function processTicks(pid: number, children: boolean): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  } catch {
    return 0; // it ended between the listing and the read: its time is in the postmaster's reaped children now
  }
}

/**
 * The PostgreSQL server's CPU so far, in µs: the postmaster with the children it has reaped (backends that
 * ended), plus every live child (backends, the WAL writer, the checkpointer...).
 */
function postgresServerCpuUs(clusterDir: string): number {
  const postmaster = Number(fs.readFileSync(path.join(clusterDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  let ticks = processTicks(postmaster, true);
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      if (ppid === postmaster) ticks += processTicks(Number(entry), false);
    } catch {
      // ended meanwhile
    }
  }
  return ticks * 10_000;
}

/** The database's committed transactions so far (PostgreSQL's statistics), or null on SQLite. */
async function postgresTransactions(env: NodeJS.ProcessEnv): Promise<number | null> {
  if (!env.DATABASE_URL?.startsWith("postgres")) return null;
  const c = new pg.Client({ connectionString: env.DATABASE_URL });
  await c.connect();
  try {
    // Statistics are sent to the collector at each backend's transaction end; a clear snapshot reads them fresh.
    await c.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await c.query<{ n: string }>(
      "SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()",
    );
    return Number(rows[0]!.n);
  } finally {
    await c.end();
  }
}

/** A fresh database of the kind: its URL and environment. */
async function freshDatabase(kind: Kind, server: string, tmp: string, n: number): Promise<NodeJS.ProcessEnv> {
  const dir = path.join(tmp, `${kind}-${n}`);
  fs.mkdirSync(dir);
  let url: string;
  if (kind === "sqlite") {
    url = `file:${path.join(dir, "provisio.db")}`;
    await migrateDatabase(url);
  } else {
    const name = `pg_bench_${n}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    url = databaseUrlFor(server, name);
    execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  return {
    ...process.env,
    DATABASE_URL: url,
    PROVISIO_DATA_DIR: dir,
    PROVISIO_DEMO: "false",
    PROVISIO_SECRET_KEY: crypto.randomBytes(32).toString("base64"),
    NODE_ENV: "production",
  };
}

async function seed(env: NodeJS.ProcessEnv, users: number, groups: number, url: string): Promise<string> {
  const child = spawnTs("bench/queue-seed-child.ts", [String(users), url], {
    ...env,
    BENCH_TARGET_TOKEN: TOKEN,
    BENCH_GROUPS: String(groups),
    BENCH_RATE: "1000000", // the engine is measured: the job's rate limit lifted far above the target's capacity
  });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()).length > 20_000 && (err = err.slice(-10_000)));
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on("line", (l) => l.startsWith("{") && resolve(l));
    child.once("exit", (code) => reject(new BenchBroken(`Seeding failed (${code}): ${err.trim().slice(-2000)}`)));
  });
  return (JSON.parse(line) as { jobIds: string[] }).jobIds[0]!;
}

/** One bounded burst of the load generator against `target`; its CPU per request, in µs. */
async function burst(target: Target, requests: number, prefix: string): Promise<number> {
  const before = await target.stats();
  const cpu0 = process.cpuUsage();
  const r = await runRawLoad({
    url: target.url,
    token: TOKEN,
    concurrency: CONCURRENCY,
    seconds: 600,
    maxRequests: requests,
    prefix,
  });
  const cpu = process.cpuUsage(cpu0);
  const after = await target.stats();
  if (r.errors > 0) throw new BenchBroken(`The load generator's burst had ${r.errors} failed POSTs`);
  return (cpu.user + cpu.system) / Math.max(1, after.requests - before.requests);
}

/** Fills the load generator's target up to `size` users (not measured). */
async function fill(target: Target, size: number, round: number): Promise<void> {
  const have = (await target.stats()).requests;
  if (size > have)
    await runRawLoad({
      url: target.url,
      token: TOKEN,
      concurrency: 8,
      seconds: 3600,
      maxRequests: size - have,
      prefix: `fill${round}-`,
    });
}

async function round(
  kind: Kind,
  cluster: { url: string; dir: string },
  tmp: string,
  n: number,
  users: number,
  groups: number,
) {
  const server = cluster.url;
  const env = await freshDatabase(kind, server, tmp, n);
  const target = await startTarget(TOKEN, env);
  const generatorTarget = await startTarget(TOKEN, env);
  try {
    const jobId = await seed(env, users, groups, target.url);
    const requests = Math.min(5000, Math.max(500, Math.round(users / 10)));
    log(`${kind}: load generator burst against an empty target (load average ${loadAverage()})`);
    const atStart = await burst(generatorTarget, requests, `start${n}-`);
    log(`${kind}: initial cycle of ${users} users and ${groups} groups (load average ${loadAverage()})`);
    const tx0 = await postgresTransactions(env);
    const server0 = kind === "postgres" ? postgresServerCpuUs(cluster.dir) : 0;
    const target0 = (await target.stats()).cpuMs;
    const r = await runCycleChild({ jobId, initial: true, env, label: `${kind}-${n}`, cpuProfDir: PROFILE_DIR });
    const s = r.summary;
    const target1 = (await target.stats()).cpuMs;
    const server1 = kind === "postgres" ? postgresServerCpuUs(cluster.dir) : 0;
    const tx1 = await postgresTransactions(env);
    if (s.status !== "Succeeded" || s.counts.created !== users + groups)
      throw new BenchBroken(
        `The ${kind} cycle ended ${s.status} with ${s.counts.created} of ${users + groups} created`,
      );
    log(`${kind}: ${(s.durationMs / 1000).toFixed(1)} s; filling the load generator's target to ${users} users`);
    await fill(generatorTarget, users + groups, n);
    const atEnd = await burst(generatorTarget, requests, `end${n}-`);
    return {
      kind,
      seconds: s.durationMs / 1000,
      objects: s.counts.created,
      engineCpuUsPerObject: ((r.cpuUserMs + r.cpuSystemMs) * 1000) / s.counts.created,
      generatorCpuUsPerRequest: (atStart + atEnd) / 2,
      peakRssMb: r.maxRssBytes / 1024 / 1024,
      transactionsPerObject: tx0 === null || tx1 === null ? null : (tx1 - tx0) / s.counts.created,
      serverCpuUsPerObject: kind === "postgres" ? (server1 - server0) / s.counts.created : null,
      targetCpuUsPerObject: ((target1 - target0) * 1000) / s.counts.created,
    } satisfies Round;
  } finally {
    await target.stop();
    await generatorTarget.stop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const users = arg("users", 100_000);
  const groups = arg("groups", Math.max(1, Math.round(users / 100)));
  const rounds = arg("rounds", 1);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-pg-bench-"));
  const cluster = await startPostgresCluster();
  const loadBefore = loadAverage();
  const results: Round[] = [];
  try {
    let n = 0;
    for (let i = 0; i < rounds; i++)
      for (const kind of ["sqlite", "postgres"] as const)
        results.push(await round(kind, cluster, tmp, n++, users, groups));
  } finally {
    cluster.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const of = (kind: Kind) => results.filter((r) => r.kind === kind);
  const sqliteSeconds = median(of("sqlite").map((r) => r.seconds));
  const postgresSeconds = median(of("postgres").map((r) => r.seconds));
  const ratio = postgresSeconds / sqliteSeconds;
  const verdict = (ok: boolean) => (ok ? "met" : "missed");
  console.log(
    `\nInitial cycle: ${users.toLocaleString("en-US")} users, ${groups.toLocaleString("en-US")} groups of 50, Zscaler Two, concurrency ${CONCURRENCY}, fast target`,
  );
  console.log(
    "| database | initial cycle s | objects/s | engine CPU µs/object | load generator CPU µs/request | CPU ratio | peak RSS MB | PostgreSQL transactions/object | PostgreSQL server CPU µs/object | target CPU µs/object |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of results) {
    const cpuRatio = r.engineCpuUsPerObject / r.generatorCpuUsPerRequest;
    console.log(
      `| ${r.kind === "sqlite" ? "SQLite" : "PostgreSQL"} | ${r.seconds.toFixed(1)} | ${(r.objects / r.seconds).toFixed(0)} | ${r.engineCpuUsPerObject.toFixed(0)} | ${r.generatorCpuUsPerRequest.toFixed(0)} | ${cpuRatio.toFixed(2)} (goal ≤ ${GOALS.cpuRatio}: ${verdict(cpuRatio <= GOALS.cpuRatio)}) | ${r.peakRssMb.toFixed(0)} | ${r.transactionsPerObject?.toFixed(2) ?? "–"} | ${r.serverCpuUsPerObject?.toFixed(0) ?? "–"} | ${r.targetCpuUsPerObject.toFixed(0)} |`,
    );
  }
  console.log(
    `PostgreSQL ÷ SQLite initial cycle time: ${ratio.toFixed(2)}× (goal ≤ ${GOALS.postgresOverSqlite}×: ${verdict(ratio <= GOALS.postgresOverSqlite)})`,
  );
  console.log(`Load average before: ${loadBefore}; after: ${loadAverage()} (${os.cpus().length} cores)`);
}

process.on("exit", killAll);
void main().catch((e: unknown) => {
  console.error(
    `bench: ${e instanceof BenchBroken ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
  );
  killAll();
  process.exit(1);
});
