/**
 * The benchmarks' processes: the sandbox SCIM target (bench/target-process.ts) and cycles in child processes
 * (bench/run-cycle-child.ts), started with the app's own cycle-process flags. Every child is killed by
 * killAll() (the benchmarks call it on every exit path).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { cycleProcessNodeArgs } from "../lib/jobs/cycle-process";
import type { ChildResult } from "./run-cycle-child";

const ROOT = path.resolve(__dirname, "..");

/** The benchmark itself broke (not a missed goal): exits 1. */
export class BenchBroken extends Error {}

// ---------------------------------------------------------------------------------------------------

const children = new Set<ChildProcessWithoutNullStreams>();

export function spawnTs(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): ChildProcessWithoutNullStreams {
  // node --import tsx runs the script in this one child process (the tsx CLI would add a wrapper process).
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env,
    stdio: "pipe",
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

export function killAll(): void {
  for (const c of children) c.kill("SIGTERM");
}

export type Target = { url: string; pid: number; stats(): Promise<TargetStats>; stop(): Promise<void> };
export type TargetStats = {
  requests: number;
  throttled: number;
  firstAt: number | null;
  lastAt: number | null;
  rssBytes: number;
  cpuMs: number;
};

export async function startTarget(token: string, env: NodeJS.ProcessEnv, rateLimit?: number): Promise<Target> {
  const args = ["--port", "0", "--token", token, ...(rateLimit ? ["--rate-limit", String(rateLimit)] : [])];
  const child = spawnTs("bench/target-process.ts", args, env);
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()).length > 10_000 && (stderr = stderr.slice(-5000)));
  const lines = readline.createInterface({ input: child.stdout });
  const queue: ((line: string) => void)[] = [];
  const pending: string[] = [];
  lines.on("line", (line) => {
    const w = queue.shift();
    if (w) w(line);
    else pending.push(line);
  });
  const nextLine = (what: string) =>
    new Promise<string>((resolve, reject) => {
      const early = pending.shift();
      if (early !== undefined) return resolve(early);
      const timer = setTimeout(
        () => reject(new BenchBroken(`The SCIM target did not answer (${what}) within 30 s. ${stderr.trim()}`)),
        30_000,
      );
      queue.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const first = await Promise.race([
    nextLine("start"),
    exited.then(() => Promise.reject(new BenchBroken(`The SCIM target stopped at start: ${stderr.trim()}`))),
  ]);
  const { url, pid } = JSON.parse(first) as { url: string; pid: number };
  return {
    url,
    pid,
    async stats() {
      child.stdin.write("stats\n");
      return JSON.parse(await nextLine("stats")) as TargetStats;
    },
    async stop() {
      child.stdin.end();
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    },
  };
}

export async function runCycleChild(opts: {
  jobId: string;
  initial: boolean;
  env: NodeJS.ProcessEnv;
  cpuProfDir?: string;
  heapMb?: number | null;
  label: string;
}): Promise<ChildResult & { processWallMs: number }> {
  const t0 = performance.now();
  const nodeArgs = opts.cpuProfDir
    ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfDir}`, `--cpu-prof-name=${opts.label}.cpuprofile`]
    : [];
  // The app's own cycle processes run with these flags (lib/jobs/cycle-process.ts): measure the same thing.
  nodeArgs.push(...(opts.heapMb ? [`--max-old-space-size=${opts.heapMb}`] : cycleProcessNodeArgs()));
  const child = spawnTs(
    "bench/run-cycle-child.ts",
    ["--job", opts.jobId, ...(opts.initial ? ["--initial"] : [])],
    opts.env,
    nodeArgs,
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()).length > 20_000 && (err = err.slice(-10_000)));
  // Bounded: no cycle of this benchmark may take more than 30 minutes.
  const timer = setTimeout(() => child.kill("SIGKILL"), 30 * 60_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  clearTimeout(timer);
  const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (code !== 0 || !line)
    throw new BenchBroken(
      `The ${opts.label} cycle process exited with ${code}: ${err.trim().slice(-2000) || out.trim().slice(-2000)}`,
    );
  return { ...(JSON.parse(line.slice("BENCH_RESULT ".length)) as ChildResult), processWallMs: performance.now() - t0 };
}
