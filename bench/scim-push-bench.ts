/**
 * SCIM push benchmark (issue 14): how fast a change an IdP pushes reaches an assigned application's target,
 * and how many pushes per second the endpoint takes while the target's cycles run.
 *
 *   npm run bench:push                      # 100 changes, 10,000 users pushed at concurrency 8
 *   npm run bench:push -- --changes 20 --users 1000   # a shorter run
 *
 * One run, on a fresh SQLite database: the sandbox SCIM target in its own process (in-memory store, no rate
 * limit: its default speed); Provisio's side in another (bench/push-server-process.ts: the SCIM push endpoint
 * on node:http, the same serveScimPushRequest the Next.js route calls, and the scheduler with its change watch;
 * cycles run in child processes as in the app); this process is the IdP.
 *
 * Latency: one user, pushed and assigned to a SCIM 2.0 application (template defaults: 25 requests/s) whose
 * next scheduled run is 40 minutes away. Each change is a PATCH of the user's title; the clock runs from just
 * before the PATCH is sent until the new title is seen at the target (polled every 20 ms on loopback).
 * Throughput: 10,000 POST /Users of unique users at concurrency 8 over keep-alive connections, while an
 * application with scope All takes every pushed user to the target in its own cycles; the server's peak RSS
 * is its VmHWM (the cycle processes are counted apart).
 *
 * Exits 1 when the benchmark breaks (a request fails, a change never arrives); missed goals are reported.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { migrateDatabase } from "./migrate-database";
import { runRawLoad } from "./raw-load";

const ROOT = path.resolve(__dirname, "..");
const GOALS = { latencyP95Seconds: 5, pushesPerSecond: 500 };
const TOKEN = "bench-push-target-token";

type Args = { changes: number; users: number; concurrency: number; keep: boolean; smoke: boolean };

function parseArgs(argv: string[]): Args {
  const a: Args = { changes: 100, users: 10_000, concurrency: 8, keep: false, smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => Number(inline ?? argv[++i]);
    if (flag === "--changes") a.changes = value();
    else if (flag === "--users") a.users = value();
    else if (flag === "--concurrency") a.concurrency = value();
    else if (flag === "--keep") a.keep = true;
    // npm test's check that the benchmark still runs end to end: its figures are not results.
    else if (flag === "--smoke") Object.assign(a, { smoke: true, changes: 2, users: 200 });
    else throw new Error(`Unknown option ${argv[i]} (use --changes, --users, --concurrency, --keep, --smoke)`);
  }
  return a;
}

const children = new Set<ChildProcessWithoutNullStreams>();

/** A tsx script in a child process that prints JSON lines and takes commands on stdin. */
function startScript(script: string, args: string[], env: NodeJS.ProcessEnv) {
  // BENCH_CPU_PROF=<folder>: a V8 CPU profile of each script's process, for finding where the time goes.
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env,
    stdio: "pipe",
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-5000);
  });
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  const early: string[] = [];
  lines.on("line", (line) => {
    if (!line.startsWith("{")) return; // cycle processes' and the scheduler's own output
    const w = waiting.shift();
    if (w) w(line);
    else early.push(line);
  });
  const next = (what: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const line = early.shift();
      if (line !== undefined) return resolve(JSON.parse(line) as Record<string, unknown>);
      const timer = setTimeout(() => reject(new Error(`${script} did not answer (${what}): ${stderr.trim()}`)), 60_000);
      waiting.push((l) => {
        clearTimeout(timer);
        resolve(JSON.parse(l) as Record<string, unknown>);
      });
    });
  return {
    child,
    next,
    async command(c: string) {
      child.stdin.write(`${c}\n`);
      return next(c);
    },
    stop() {
      child.stdin.end();
      child.kill("SIGTERM");
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** A SCIM answer as the benchmark reads it: an id on creates, Resources on queries. */
type ScimBody = { id?: string; Resources?: Array<Record<string, unknown>> } | undefined;

function request(
  url: string,
  token: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; body: ScimBody }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/scim+json",
          ...(payload ? { "Content-Length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as ScimBody) : undefined });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-push-bench-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:${path.join(dir, "provisio.db")}`,
    PROVISIO_DATA_DIR: dir,
    PROVISIO_DEMO: "false",
    PROVISIO_SECRET_KEY: crypto.randomBytes(32).toString("base64"),
    NODE_ENV: "production",
  };
  Object.assign(process.env, env);
  await migrateDatabase(env.DATABASE_URL!);
  // lib/ after the environment is set: it reads it once.
  const { prisma } = await import("../lib/db/prisma");
  const { createSource } = await import("../lib/sources/create-source");
  const { createSourceToken } = await import("../lib/sources/create-source-token");
  const { createApplication } = await import("../lib/applications/create-application");
  const { assignPrincipal } = await import("../lib/applications/assign-principal");
  const { bindSecretToken } = await import("../lib/applications/provisioning/bind-secret-token");

  const target = startScript("bench/target-process.ts", ["--port", "0", "--token", TOKEN], env);
  const targetUrl = String((await target.next("start")).url);
  const server = startScript("bench/push-server-process.ts", [], env);
  const origin = String((await server.next("start")).origin);

  try {
    const { id: sourceId } = await createSource({ name: "Bench IdP", kind: "ScimPush" }, "bench");
    const { token } = await createSourceToken({ sourceId, name: "bench" }, "bench");
    const tenantUrl = `${origin}/scim/v2/${sourceId}`;

    const app = async (name: string, scope: "AssignedOnly" | "All") => {
      const a = await createApplication({ templateId: "scim-2", name }, "bench");
      const job = await prisma.provisioningJob.update({
        where: { applicationId: a.id },
        data: {
          mode: "Automatic",
          tenantUrl: targetUrl,
          ...bindSecretToken(TOKEN, targetUrl),
          status: "NotRun",
          enabled: true,
          scope,
          nextRunAt: new Date(),
        },
      });
      return { appId: a.id, jobId: job.id };
    };
    const waitFor = async (what: string, ok: () => Promise<boolean>, seconds = 120) => {
      const deadline = Date.now() + seconds * 1000;
      while (!(await ok())) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    // --- Latency
    const userName = "latency.user@bench.example.com";
    const created = await request(`${tenantUrl}/Users`, token, "POST", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName,
      displayName: "Latency User",
      title: "t0",
      active: true,
    });
    const latencyUserId = created.body?.id;
    if (created.status !== 201 || !latencyUserId) throw new Error(`Could not push the latency user: ${created.status}`);
    const latencyApp = await app("Latency app", "AssignedOnly");
    await assignPrincipal(
      { applicationId: latencyApp.appId, principalType: "User", principalId: latencyUserId, appRole: "User" },
      "bench",
    );
    const targetTitle = async () => {
      const res = await request(
        `${targetUrl}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
        TOKEN,
        "GET",
      );
      return res.body?.Resources?.[0]?.title as string | undefined;
    };
    await waitFor("the initial cycle", async () => (await targetTitle()) === "t0");
    await waitFor("the initial cycle to end", async () => {
      const j = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: latencyApp.jobId } });
      return j.leaseOwner === null && j.lastCycleEndedAt !== null;
    });
    console.log(`Latency: ${args.changes} changes to one assigned user…`);
    const latencies: number[] = [];
    for (let i = 1; i <= args.changes; i++) {
      const t0 = performance.now();
      const res = await request(`${tenantUrl}/Users/${latencyUserId}`, token, "PATCH", {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "Replace", path: "title", value: `t${i}` }],
      });
      if (res.status !== 200) throw new Error(`PATCH ${i} failed with ${res.status}`);
      const deadline = Date.now() + 60_000;
      while ((await targetTitle()) !== `t${i}`) {
        if (Date.now() > deadline) throw new Error(`Change ${i} did not reach the target within 60 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
      latencies.push((performance.now() - t0) / 1000);
      if (i % 10 === 0) process.stdout.write(`  ${i} (last ${latencies[latencies.length - 1].toFixed(2)} s)\n`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const sorted = [...latencies].sort((a, b) => a - b);

    // --- Throughput, with an application taking every pushed user to the target meanwhile.
    const allApp = await app("Scope All app", "All");
    await waitFor("the scope All app's initial cycle", async () => {
      const j = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: allApp.jobId } });
      return j.lastCycleEndedAt !== null && j.leaseOwner === null;
    });
    console.log(`Throughput: ${args.users} users pushed at concurrency ${args.concurrency}…`);
    const windowStart = new Date();
    const load = await runRawLoad({
      url: tenantUrl,
      token,
      concurrency: args.concurrency,
      seconds: 3600,
      maxRequests: args.users,
      prefix: "push-",
    });
    const windowEnd = new Date();
    const serverStats = await server.command("stats");
    const cyclesDuring = await prisma.cycle.count({
      where: {
        jobId: allApp.jobId,
        startedAt: { lte: windowEnd },
        OR: [{ endedAt: null }, { endedAt: { gte: windowStart } }],
      },
    });
    const usersInDirectory = await prisma.directoryUser.count({ where: { sourceId } });
    if (load.errors > 0) throw new Error(`${load.errors} of ${load.requests} pushes failed`);

    const results = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg() },
      latency: {
        changes: latencies.length,
        p50Seconds: percentile(sorted, 0.5),
        p95Seconds: percentile(sorted, 0.95),
        maxSeconds: sorted[sorted.length - 1],
        minSeconds: sorted[0],
      },
      throughput: {
        users: load.requests,
        concurrency: args.concurrency,
        seconds: load.seconds,
        requestsPerSecond: load.requestsPerSecond,
        p50Ms: load.p50Ms,
        p99Ms: load.p99Ms,
        serverPeakRssMb: Number(serverStats.peakRssBytes) / 1024 / 1024,
        cyclesDuringPush: cyclesDuring,
        usersInDirectory,
      },
    };
    const row = (name: string, goal: string, measured: string, ok: boolean | null) =>
      console.log(`| ${name} | ${goal} | ${measured}${ok === false ? " — missed" : ""} |`);
    console.log("\n| figure | goal | measured |\n| --- | --- | --- |");
    row("change → target, p50", "—", `${results.latency.p50Seconds.toFixed(2)} s`, null);
    row(
      "change → target, p95",
      `≤ ${GOALS.latencyP95Seconds} s`,
      `${results.latency.p95Seconds.toFixed(2)} s (max ${results.latency.maxSeconds.toFixed(2)} s)`,
      results.latency.p95Seconds <= GOALS.latencyP95Seconds,
    );
    row(
      "pushes per second (concurrency 8)",
      `≥ ${GOALS.pushesPerSecond}`,
      `${results.throughput.requestsPerSecond.toFixed(0)} (${load.requests} in ${load.seconds.toFixed(1)} s, p50 ${load.p50Ms.toFixed(1)} ms, p99 ${load.p99Ms.toFixed(1)} ms)`,
      results.throughput.requestsPerSecond >= GOALS.pushesPerSecond,
    );
    row("server peak RSS", "—", `${results.throughput.serverPeakRssMb.toFixed(0)} MB`, null);
    row("cycles of the scope All app during the push", "—", String(cyclesDuring), null);
    console.log(`\n1-minute load average at the end: ${os.loadavg()[0].toFixed(2)}`);
    if (args.smoke) return;
    const out = path.join(ROOT, "bench/results", `scim-push-${results.at.replace(/[:.]/g, "-")}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(results, null, 2));
    console.log(`Results: ${path.relative(ROOT, out)}`);
  } finally {
    agent.destroy();
    server.stop();
    target.stop();
    await new Promise((r) => setTimeout(r, 500));
    if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    for (const c of children) c.kill("SIGTERM");
    process.exit(1);
  },
);
