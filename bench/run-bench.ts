/**
 * Provisioning benchmark (issue 7): throughput, request economy and memory of the engine, measured against
 * the target's own capacity and rate limit.
 *
 *   npm run bench                        # 10,000 users, 100 groups of ~50 members
 *   npm run bench -- --users 100000      # 100,000 users, 1,000 groups
 *   npm run bench:smoke                  # 500 users, small groups, short runs: checks the benchmark works
 *
 * Flags: --users N, --groups G (default N/100), --group-size S (50), --skip-raw, --skip-ratelimited,
 * --ratelimited-users R (100), --raw-seconds S (10), --json-out FILE (default bench/results/<timestamp>.json),
 * --keep (keep the temporary data folders), --cpu-prof (write a V8 CPU profile per cycle under the data folder),
 * --cycle-heap-mb MB (run the cycle processes with --max-old-space-size=MB instead of the app's own cycle-process
 * setting, PROVISIO_CYCLE_HEAP_MB).
 *
 * One run: start the sandbox SCIM target in its own process on loopback; seed a fresh SQLite database; run
 * an initial cycle, an incremental cycle with no change and one after 1% of users changed, each in a child
 * process started with the same Node flags as the app's cycle processes (its peak RSS is the cycle's own); drive the same target with a load generator at the engine's
 * concurrency; then restart the target limited to 5 requests/s and provision a small directory at the
 * template's default rate. Prints a table and writes the same figures as JSON.
 *
 * Exits 1 when the benchmark itself breaks (a cycle fails, objects are missing at the target, a process
 * does not start); missed performance targets are reported, not failed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildResult } from "./run-cycle-child";
import { migrateDatabase } from "./migrate-database";
import { runRawLoad, type RawLoadResult } from "./raw-load";
import { cycleProcessNodeArgs } from "../lib/jobs/cycle-process";
import { BenchBroken, killAll, runCycleChild, spawnTs, startTarget } from "./bench-processes";

const ROOT = path.resolve(__dirname, "..");
const TARGETS = {
  initialSeconds100k: 180,
  engineRawRatio: 0.8,
  requestsPerCreatedObject: 1.1,
  noChangeRequests: 0,
  noChangeSeconds: 2,
  peakRssMb100k: 300,
  rateLimitedAchieved: 0.95,
  rateLimited429Share: 0.01,
};

type Args = {
  users: number;
  groups: number;
  groupSize: number;
  skipRaw: boolean;
  skipRateLimited: boolean;
  rateLimitedUsers: number;
  rawSeconds: number;
  jsonOut: string | null;
  keep: boolean;
  cpuProf: boolean;
  /** --max-old-space-size for the cycle processes, instead of the app's PROVISIO_CYCLE_HEAP_MB. */
  cycleHeapMb: number | null;
  smoke: boolean;
};

function parseArgs(argv: string[]): Args {
  const smoke = argv.includes("--smoke");
  const a: Args = {
    users: smoke ? 500 : 10_000,
    groups: -1,
    groupSize: smoke ? 5 : 50,
    skipRaw: false,
    skipRateLimited: false,
    rateLimitedUsers: smoke ? 20 : 100,
    rawSeconds: smoke ? 2 : 10,
    jsonOut: null,
    keep: false,
    cpuProf: false,
    cycleHeapMb: null,
    smoke,
  };
  const num = (flag: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number of at least ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--smoke":
        break;
      case "--users":
        a.users = num(flag, value(), 1);
        break;
      case "--groups":
        a.groups = num(flag, value(), 0);
        break;
      case "--group-size":
        a.groupSize = num(flag, value(), 1);
        break;
      case "--ratelimited-users":
        a.rateLimitedUsers = num(flag, value(), 1);
        break;
      case "--raw-seconds":
        a.rawSeconds = num(flag, value(), 1);
        break;
      case "--skip-raw":
        a.skipRaw = true;
        break;
      case "--skip-ratelimited":
        a.skipRateLimited = true;
        break;
      case "--json-out":
        a.jsonOut = value() ?? null;
        if (!a.jsonOut) throw new Error("--json-out needs a file name");
        break;
      case "--keep":
        a.keep = true;
        break;
      case "--cpu-prof":
        a.cpuProf = true;
        break;
      case "--cycle-heap-mb":
        a.cycleHeapMb = num(flag, value(), 16);
        break;
      default:
        throw new Error(
          `Unknown option ${argv[i]}. Options: --users --groups --group-size --skip-raw --skip-ratelimited --ratelimited-users --raw-seconds --json-out --keep --cpu-prof --cycle-heap-mb --smoke`,
        );
    }
  }
  if (a.groups < 0) a.groups = smoke ? 20 : Math.max(1, Math.round(a.users / 100));
  return a;
}

// ---------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------

type RawFigures = RawLoadResult & {
  bursts: number[];
  /** CPU per request of the load generator (this process) and of the target, in µs, for the median burst. */
  clientCpuUsPerRequest: number;
  targetCpuUsPerRequest: number;
};

type CycleFigures = {
  name: string;
  type: string;
  status: string;
  objects: number;
  counts: Record<string, number>;
  wallSeconds: number;
  objectsPerSecond: number | null;
  requests: number;
  targetRequests: number;
  requestsPerObject: number | null;
  requestsPerSecond: number | null;
  peakRssMb: number;
  baselineRssMb: number;
  peakHeapUsedMb: number;
  peakExternalMb: number;
  memoryPeaksMb: ChildResult["memoryPeaksMb"];
  cpuSeconds: number;
  /** CPU the target process spent during the cycle: with the engine's, what bounds the wall time on 2 cores. */
  targetCpuSeconds: number;
  eventLoopUtilization: number;
  databaseMb: number;
  phases: ChildResult["phases"];
  processWallSeconds: number;
};

function dbSizeMb(dir: string): number {
  let bytes = 0;
  for (const f of ["provisio.db", "provisio.db-wal", "provisio.db-journal", "provisio.db-shm"]) {
    try {
      bytes += fs.statSync(path.join(dir, f)).size;
    } catch {
      /* not there */
    }
  }
  return bytes / 1024 / 1024;
}

function figures(
  name: string,
  r: ChildResult & { processWallMs: number },
  targetRequests: number,
  targetCpuSeconds: number,
  dataDir: string,
): CycleFigures {
  const s = r.summary;
  const seconds = s.durationMs / 1000;
  const objects = s.processed;
  return {
    name,
    type: s.type,
    status: s.status,
    objects,
    counts: s.counts,
    wallSeconds: seconds,
    objectsPerSecond: objects > 0 ? objects / seconds : null,
    requests: s.requests,
    targetRequests,
    requestsPerObject: objects > 0 ? targetRequests / objects : null,
    requestsPerSecond: targetRequests > 0 ? targetRequests / seconds : null,
    peakRssMb: r.maxRssBytes / 1024 / 1024,
    baselineRssMb: r.baselineRssMb,
    peakHeapUsedMb: r.memoryPeaksMb.heapUsed,
    peakExternalMb: r.memoryPeaksMb.external,
    memoryPeaksMb: r.memoryPeaksMb,
    cpuSeconds: (r.cpuUserMs + r.cpuSystemMs) / 1000,
    targetCpuSeconds,
    eventLoopUtilization: r.eventLoopUtilization,
    databaseMb: dbSizeMb(dataDir),
    phases: r.phases,
    processWallSeconds: r.processWallMs / 1000,
  };
}

const fmt = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? "–"
    : v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** A Markdown table; the first `leftColumns` columns are left-aligned, the rest (numbers) right-aligned. */
function table(rows: string[][], leftColumns = 1): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const left = (i: number) => i < leftColumns;
  const line = (r: string[]) =>
    "| " + r.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
  const rule = "|" + widths.map((w, i) => "-".repeat(w + 1) + (left(i) ? "-" : ":")).join("|") + "|";
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join("\n");
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

// ---------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-bench-"));
  const dataDir = path.join(tmp, "main");
  fs.mkdirSync(dataDir);
  const secretKey = crypto.randomBytes(32).toString("base64");
  const envFor = (dir: string): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: `file:${path.join(dir, "provisio.db")}`,
    PROVISIO_DATA_DIR: dir,
    PROVISIO_DEMO: "false",
    PROVISIO_SECRET_KEY: secretKey,
    NODE_ENV: "production",
  });
  // lib/ reads these on import (lib/db/prisma.ts opens the database): set them before the dynamic import.
  Object.assign(process.env, envFor(dataDir));
  await migrateDatabase(process.env.DATABASE_URL!);
  const seed = await import("./seed-bench");
  const token = crypto.randomBytes(24).toString("base64url");
  const loadBefore = loadAverage();
  log(
    `${args.users.toLocaleString("en-US")} users, ${args.groups.toLocaleString("en-US")} groups of up to ${args.groupSize}; data in ${tmp}; load average ${loadBefore}`,
  );

  const checks: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) checks.push(what);
  };

  const target = await startTarget(token, envFor(dataDir));
  log(`target ${target.url} (pid ${target.pid})`);
  const seeded = await seed.seedDirectory({
    users: args.users,
    groups: args.groups,
    groupSize: args.groupSize,
    prefix: "u",
  });
  log(
    `seeded ${seeded.userIds.length} users, ${seeded.groupIds.length} groups, ${seeded.memberships} memberships in ${(seeded.ms / 1000).toFixed(1)} s`,
  );
  // The unthrottled runs measure the engine: lift the job's rate limit far above what the target can take.
  const app = await seed.createBenchApplication({
    name: "Zscaler Two (bench)",
    tenantUrl: target.url,
    token,
    rateLimitPerSecond: 1_000_000,
  });
  const profDir = args.cpuProf ? path.join(tmp, "profiles") : undefined;
  const cycles: CycleFigures[] = [];

  const cycle = async (name: string, initial: boolean) => {
    const before = await target.stats();
    log(`${name} cycle... (load average ${loadAverage()})`);
    const r = await runCycleChild({
      jobId: app.jobId,
      initial,
      env: envFor(dataDir),
      cpuProfDir: profDir,
      heapMb: args.cycleHeapMb,
      label: name.replace(/\W+/g, "-"),
    });
    const after = await target.stats();
    const f = figures(name, r, after.requests - before.requests, (after.cpuMs - before.cpuMs) / 1000, dataDir);
    cycles.push(f);
    log(
      `${name}: ${f.status}, ${f.objects} objects, ${f.targetRequests} requests in ${f.wallSeconds.toFixed(2)} s, peak RSS ${f.peakRssMb.toFixed(0)} MB`,
    );
    return f;
  };

  // 1. Initial cycle.
  const initial = await cycle("initial", true);
  const expected = args.users + args.groups;
  check(initial.status === "Succeeded", `initial cycle ended ${initial.status}`);
  check(
    initial.counts.created === expected,
    `initial cycle created ${initial.counts.created} objects, expected ${expected}`,
  );
  const atTarget = await countAtTarget(target.url, token);
  check(
    atTarget.users === args.users && atTarget.groups === args.groups,
    `target holds ${atTarget.users} users and ${atTarget.groups} groups, expected ${args.users} and ${args.groups}`,
  );

  // 2. The target's raw capacity, right after the initial cycle (the machine's background load drifts), at the
  // engine's concurrency (the template's maxConcurrency): three bursts, the median counts. The extra users
  // it leaves at the target do not touch the incremental cycles (linked users are not matched again).
  const { findTemplate } = await import("../lib/templates/gallery");
  const concurrency = findTemplate("zscaler-two").capabilities.maxConcurrency;
  let raw: RawFigures | null = null;
  if (!args.skipRaw) {
    const bursts: (RawLoadResult & { clientCpuUsPerRequest: number; targetCpuUsPerRequest: number })[] = [];
    for (let b = 0; b < 3; b++) {
      log(
        `raw load burst ${b + 1}/3: ${concurrency} concurrent POSTs for up to ${args.rawSeconds / 3} s (load average ${loadAverage()})`,
      );
      const before = await target.stats();
      const cpu0 = process.cpuUsage();
      const r = await runRawLoad({
        url: target.url,
        token,
        concurrency,
        seconds: args.rawSeconds / 3,
        maxRequests: Math.max(500, Math.round(args.users / 2)),
        prefix: `raw${b}-`,
      });
      const cpu = process.cpuUsage(cpu0);
      const after = await target.stats();
      const n = Math.max(1, after.requests - before.requests);
      bursts.push({
        ...r,
        clientCpuUsPerRequest: (cpu.user + cpu.system) / n,
        targetCpuUsPerRequest: ((after.cpuMs - before.cpuMs) * 1000) / n,
      });
    }
    const sorted = [...bursts].sort((x, y) => x.requestsPerSecond - y.requestsPerSecond);
    raw = { ...sorted[1], bursts: bursts.map((x) => Math.round(x.requestsPerSecond)) };
    const failed = bursts.reduce((n, x) => n + x.errors, 0);
    check(failed === 0, `raw load: ${failed} POSTs failed`);
    log(
      `raw: median ${raw.requestsPerSecond.toFixed(0)} requests/s (bursts ${raw.bursts.join(", ")}; p50 ${raw.p50Ms.toFixed(2)} ms)`,
    );
  }

  // 3. Incremental, nothing changed.
  const noChange = await cycle("incremental, no change", false);
  check(
    noChange.status === "Succeeded" && noChange.type === "Incremental",
    `no-change cycle ended ${noChange.type} ${noChange.status}`,
  );

  // 4. Incremental after 1% of users changed (through lib/directory, so change rows are written).
  const toChange = Math.max(1, Math.round(args.users / 100));
  const changed = await seed.changeUsers(seeded.userIds, toChange);
  log(`changed ${changed.changed} users in ${(changed.ms / 1000).toFixed(1)} s`);
  const onePercent = await cycle("incremental, 1% changed", false);
  check(onePercent.status === "Succeeded", `1% cycle ended ${onePercent.status}`);
  check(
    onePercent.counts.updated === changed.changed,
    `1% cycle updated ${onePercent.counts.updated} users, expected ${changed.changed}`,
  );

  await target.stop();
  await seed.disconnect();

  // 5. Rate-limited run: a fresh database and target limited to 5 requests/s, the job at the template's rate.
  let rateLimited: RateLimitedFigures | null = null;
  if (!args.skipRateLimited) {
    const rlDir = path.join(tmp, "ratelimited");
    fs.mkdirSync(rlDir);
    rateLimited = await runRateLimited({ args, dir: rlDir, env: envFor(rlDir), token });
    check(rateLimited.status === "Succeeded", `rate-limited cycle ended ${rateLimited.status}`);
    check(
      rateLimited.created === rateLimited.expected,
      `rate-limited cycle created ${rateLimited.created} objects, expected ${rateLimited.expected}`,
    );
  }

  // Report.
  const loadAfter = loadAverage();
  const ratio = raw && initial.requestsPerSecond ? initial.requestsPerSecond / raw.requestsPerSecond : null;
  const result = {
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
    },
    parameters: {
      users: args.users,
      groups: args.groups,
      groupSize: args.groupSize,
      memberships: seeded.memberships,
      template: "zscaler-two",
      concurrency,
      smoke: args.smoke,
      cycleHeapMb: args.cycleHeapMb ?? Number(cycleProcessNodeArgs()[0]?.split("=")[1]),
    },
    seedSeconds: seeded.ms / 1000,
    cycles,
    raw,
    engineRawRatio: ratio,
    rateLimited,
    targets: evaluateTargets({ args, initial, noChange, ratio, rateLimited }),
    problems: checks,
  };

  const rows = [
    [
      "cycle",
      "wall s",
      "objects",
      "objects/s",
      "requests",
      "req/object",
      "req/s",
      "peak RSS MB",
      "(baseline / heap)",
      "CPU s engine",
      "CPU s target",
      "DB MB",
    ],
    ...cycles.map((c) => [
      c.name,
      fmt(c.wallSeconds),
      fmt(c.objects, 0),
      fmt(c.objectsPerSecond, 0),
      fmt(c.targetRequests, 0),
      fmt(c.requestsPerObject, 3),
      fmt(c.requestsPerSecond, 0),
      fmt(c.peakRssMb, 0),
      `${fmt(c.baselineRssMb, 0)} / ${fmt(c.peakHeapUsedMb, 0)}`,
      fmt(c.cpuSeconds, 1),
      fmt(c.targetCpuSeconds, 1),
      fmt(c.databaseMb, 1),
    ]),
  ];
  const out: string[] = [];
  out.push(
    `Provisio provisioning benchmark: ${args.users.toLocaleString("en-US")} users, ${args.groups.toLocaleString("en-US")} groups (${seeded.memberships.toLocaleString("en-US")} memberships), Zscaler Two template, concurrency ${concurrency}`,
  );
  out.push(
    `Machine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGb} GB, Node ${process.version}; load average before ${loadBefore}, after ${loadAfter}`,
  );
  out.push("");
  out.push(table(rows));
  out.push("");
  if (raw) {
    out.push(
      `Raw target capacity: ${fmt(raw.requestsPerSecond, 0)} POST/s at concurrency ${raw.concurrency} (median of bursts ${raw.bursts.join(", ")}/s; ${raw.requests} requests, p50 ${fmt(raw.p50Ms)} ms, p99 ${fmt(raw.p99Ms)} ms). Engine/raw request rate: ${fmt(ratio, 3)}`,
    );
    // On a small machine the client and the target share the cores: CPU per request says what bounds the ratio.
    const engineUs = (initial.cpuSeconds * 1e6) / Math.max(1, initial.targetRequests);
    const targetUs = (initial.targetCpuSeconds * 1e6) / Math.max(1, initial.targetRequests);
    out.push(
      `CPU per request: initial cycle ${fmt(engineUs, 0)} µs engine + ${fmt(targetUs, 0)} µs target; raw load ${fmt(raw.clientCpuUsPerRequest, 0)} µs load generator + ${fmt(raw.targetCpuUsPerRequest, 0)} µs target ` +
        `(total CPU per request, raw ÷ cycle: ${fmt((raw.clientCpuUsPerRequest + raw.targetCpuUsPerRequest) / (engineUs + targetUs), 2)}; both share ${os.cpus().length} cores)`,
    );
  }
  if (rateLimited)
    out.push(
      `Rate-limited (target 5/s, job at template default ${rateLimited.allowedPerSecond}/s): ${rateLimited.expected} objects, ${rateLimited.requests} requests in ${fmt(rateLimited.spanSeconds)} s: ${fmt(rateLimited.achievedPerSecond, 3)} accepted/s = ${fmt(rateLimited.achievedRatio * 100, 1)}% of allowed; 429s ${rateLimited.throttled} = ${fmt(rateLimited.throttledShare * 100, 2)}% of requests`,
    );
  out.push("");
  out.push(
    table(
      [
        ["target", "goal", "measured", "verdict"],
        ...result.targets.map((t) => [t.figure, t.goal, t.measured, t.verdict]),
      ],
      4,
    ),
  );
  if (checks.length > 0) out.push("", "BENCHMARK PROBLEMS:", ...checks.map((c) => `  - ${c}`));
  process.stdout.write(out.join("\n") + "\n");

  const jsonOut =
    args.jsonOut ??
    path.join(
      ROOT,
      "bench",
      "results",
      `${startedAt.toISOString().replace(/[:.]/g, "-")}${args.smoke ? "-smoke" : ""}.json`,
    );
  fs.mkdirSync(path.dirname(jsonOut), { recursive: true });
  fs.writeFileSync(jsonOut, JSON.stringify(result, null, 2) + "\n");
  log(`figures written to ${path.relative(process.cwd(), jsonOut)}`);
  if (profDir) log(`CPU profiles in ${profDir}`);
  if (args.keep || profDir) log(`data kept in ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
  return checks.length > 0 ? 1 : 0;
}

async function countAtTarget(url: string, token: string): Promise<{ users: number; groups: number }> {
  const get = async (type: string) => {
    const res = await fetch(`${url}/${type}?count=1&startIndex=1`, {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/scim+json" },
    });
    if (!res.ok) throw new BenchBroken(`GET /${type} at the target answered ${res.status}`);
    return ((await res.json()) as { totalResults: number }).totalResults;
  };
  return { users: await get("Users"), groups: await get("Groups") };
}

type RateLimitedFigures = {
  status: string;
  expected: number;
  created: number;
  allowedPerSecond: number;
  requests: number;
  accepted: number;
  throttled: number;
  cycleSeconds: number;
  spanSeconds: number;
  achievedPerSecond: number;
  achievedRatio: number;
  throttledShare: number;
  peakRssMb: number;
};

async function runRateLimited(opts: {
  args: Args;
  dir: string;
  env: NodeJS.ProcessEnv;
  token: string;
}): Promise<RateLimitedFigures> {
  const LIMIT = 5;
  const users = opts.args.rateLimitedUsers;
  const groups = Math.max(1, Math.round(users / 50));
  const target = await startTarget(opts.token, opts.env, LIMIT);
  try {
    // A second database: the parent's Prisma client for the first one is closed; this child seeds the new one.
    await runSeedChild({ env: opts.env, users, groups, url: target.url, token: opts.token });
    const job = JSON.parse(fs.readFileSync(path.join(opts.dir, "job.json"), "utf8")) as { jobId: string };
    log(
      `rate-limited cycle: ${users} users, ${groups} groups against a target limited to ${LIMIT}/s (load average ${loadAverage()})`,
    );
    const r = await runCycleChild({ jobId: job.jobId, initial: true, env: opts.env, label: "rate-limited" });
    const stats = await target.stats();
    const accepted = stats.requests - stats.throttled;
    // Over the span the client was sending: n requests spaced 1/rate apart span (n-1)/rate seconds.
    const spanSeconds =
      stats.firstAt !== null && stats.lastAt !== null
        ? (stats.lastAt - stats.firstAt) / 1000
        : r.summary.durationMs / 1000;
    const achievedPerSecond = spanSeconds > 0 ? (accepted - 1) / spanSeconds : 0;
    log(`rate-limited: ${stats.requests} requests, ${stats.throttled} answered 429, ${achievedPerSecond.toFixed(2)}/s`);
    return {
      status: r.summary.status,
      expected: users + groups,
      created: r.summary.counts.created,
      allowedPerSecond: LIMIT,
      requests: stats.requests,
      accepted,
      throttled: stats.throttled,
      cycleSeconds: r.summary.durationMs / 1000,
      spanSeconds,
      achievedPerSecond,
      achievedRatio: achievedPerSecond / LIMIT,
      throttledShare: stats.requests > 0 ? stats.throttled / stats.requests : 0,
      peakRssMb: r.maxRssBytes / 1024 / 1024,
    };
  } finally {
    await target.stop();
  }
}

/** Migrates and seeds the rate-limited run's database in a process of its own (lib/ holds one database per process). */
async function runSeedChild(opts: {
  env: NodeJS.ProcessEnv;
  users: number;
  groups: number;
  url: string;
  token: string;
}): Promise<void> {
  const child = spawnTs("bench/seed-child.ts", [String(opts.users), String(opts.groups), opts.url], {
    ...opts.env,
    BENCH_TARGET_TOKEN: opts.token,
  });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new BenchBroken(`Seeding the rate-limited database failed: ${err.trim().slice(-2000)}`);
}

function evaluateTargets(o: {
  args: Args;
  initial: CycleFigures;
  noChange: CycleFigures;
  ratio: number | null;
  rateLimited: RateLimitedFigures | null;
}) {
  const { args, initial, noChange, ratio, rateLimited } = o;
  const at100k = args.users >= 100_000;
  const scale = 100_000 / args.users;
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  const rows: { figure: string; goal: string; measured: string; verdict: string }[] = [];
  rows.push({
    figure: "initial cycle, 100,000 users + 1,000 groups",
    goal: `≤ ${TARGETS.initialSeconds100k} s`,
    measured: at100k
      ? `${fmt(initial.wallSeconds, 1)} s`
      : `${fmt(initial.wallSeconds, 1)} s at ${args.users.toLocaleString("en-US")} users (linear: ${fmt(initial.wallSeconds * scale, 0)} s at 100,000)`,
    verdict: at100k
      ? verdict(initial.wallSeconds <= TARGETS.initialSeconds100k)
      : `projected ${verdict(initial.wallSeconds * scale <= TARGETS.initialSeconds100k)}`,
  });
  rows.push({
    figure: "engine/raw request-rate ratio",
    goal: `≥ ${TARGETS.engineRawRatio}`,
    measured: ratio === null ? "not run" : fmt(ratio, 3),
    verdict: ratio === null ? "–" : verdict(ratio >= TARGETS.engineRawRatio),
  });
  const perCreated = initial.counts.created > 0 ? initial.targetRequests / initial.counts.created : null;
  rows.push({
    figure: "HTTP requests per created object (initial)",
    goal: `≤ ${TARGETS.requestsPerCreatedObject}`,
    measured: fmt(perCreated, 3),
    verdict: perCreated === null ? "–" : verdict(perCreated <= TARGETS.requestsPerCreatedObject),
  });
  rows.push({
    figure: "no-change incremental cycle",
    goal: `${TARGETS.noChangeRequests} requests, ≤ ${TARGETS.noChangeSeconds} s`,
    measured: `${noChange.targetRequests} requests, ${fmt(noChange.wallSeconds, 2)} s`,
    verdict: verdict(noChange.targetRequests === 0 && noChange.wallSeconds <= TARGETS.noChangeSeconds),
  });
  rows.push({
    figure: "peak RSS of the initial cycle process",
    goal: `≤ ${TARGETS.peakRssMb100k} MB at 100,000 users`,
    measured: `${fmt(initial.peakRssMb, 0)} MB at ${args.users.toLocaleString("en-US")} users`,
    verdict: at100k
      ? verdict(initial.peakRssMb <= TARGETS.peakRssMb100k)
      : initial.peakRssMb <= TARGETS.peakRssMb100k
        ? "met (below 100,000 users)"
        : "MISSED",
  });
  rows.push({
    figure: "under a 5 requests/s limit",
    goal: `≥ ${TARGETS.rateLimitedAchieved * 100}% of allowed, ≤ ${TARGETS.rateLimited429Share * 100}% 429`,
    measured: rateLimited
      ? `${fmt(rateLimited.achievedRatio * 100, 1)}%, ${fmt(rateLimited.throttledShare * 100, 2)}% 429`
      : "not run",
    verdict: rateLimited
      ? verdict(
          rateLimited.achievedRatio >= TARGETS.rateLimitedAchieved &&
            rateLimited.throttledShare <= TARGETS.rateLimited429Share,
        )
      : "–",
  });
  return rows;
}

// Everything stops by itself: children are killed on any exit path.
process.on("SIGINT", () => {
  killAll();
  process.exit(130);
});
process.on("SIGTERM", () => {
  killAll();
  process.exit(143);
});
process.on("exit", killAll);

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    process.stderr.write(
      `bench: ${e instanceof BenchBroken ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    killAll();
    process.exitCode = 1;
  });
