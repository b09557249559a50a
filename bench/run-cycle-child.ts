/**
 * Runs ONE provisioning cycle of a job in this process and prints one line `BENCH_RESULT {json}` with the
 * cycle's summary, wall time, this process's peak RSS (VmHWM, see peakRssBytes), CPU time, event
 * loop utilisation and time per engine phase. The benchmark starts it as a child so that the peak RSS is
 * the cycle's own. The database comes from DATABASE_URL / PROVISIO_DATA_DIR set by the parent.
 *
 *   node --import tsx bench/run-cycle-child.ts --job <jobId> [--initial]
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { prisma } from "../lib/db/prisma";
import { CycleRunner } from "../lib/sync/cycle/cycle-runner";
import { ResultWriter } from "../lib/sync/store/result-writer";
import { runCycle } from "../lib/sync/cycle/run-cycle";
import { TargetMatcher } from "../lib/sync/apply/target-matcher";

export type PhaseTimes = Record<string, { ms: number; calls: number }>;

export type ChildResult = {
  summary: Awaited<ReturnType<typeof runCycle>>;
  wallMs: number;
  maxRssBytes: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  eventLoopUtilization: number;
  phases: PhaseTimes;
  /** Peaks of process.memoryUsage() sampled every 100 ms: where the RSS goes (JS heap or native). */
  memoryPeaksMb: {
    rss: number;
    heapUsed: number;
    heapTotal: number;
    external: number;
    arrayBuffers: number;
    rssAnon: number;
    rssFile: number;
    rssShmem: number;
  };
  /** RSS before the cycle started (node, tsx, Prisma client and its query compiler loaded). */
  baselineRssMb: number;
};

const phases: PhaseTimes = {};

/**
 * Times calls to a method without changing what it does (benchmark instrumentation only: the engine's
 * classes are patched in this child process, never in the app). Sums overlap for concurrent calls.
 */
function timeMethod(proto: object, method: string, label: string): void {
  const target = proto as Record<string, unknown>;
  const original = target[method];
  if (typeof original !== "function") return; // the engine changed shape: skip that phase
  target[method] = async function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return await (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    } finally {
      const p = (phases[label] ??= { ms: 0, calls: 0 });
      p.ms += performance.now() - t0;
      p.calls++;
    }
  };
}

function instrument(): void {
  const runner = CycleRunner.prototype;
  timeMethod(runner, "run", "runner.run (everything after collecting candidates)");
  timeMethod(runner, "planChunk", "plan chunks (load source + connector rows, mappings, diff)");
  timeMethod(runner, "persistIntents", "persist Pending create intents (its own write included)");
  timeMethod(runner, "pool", "apply pools (HTTP, bounded concurrency)");
  timeMethod(runner, "deprovision", "deprovision phase");
  timeMethod(runner, "memberPhase", "group membership phase");
  timeMethod(ResultWriter.prototype, "flush", "result writer flush() calls (intents, phase ends; waits for writes)");
  // write() does the SQL; flushIfFull() starts it without waiting, so it may overlap the phases above.
  timeMethod(ResultWriter.prototype, "write", "result writer write() (connector upserts + log entries, all writers)");
  timeMethod(TargetMatcher.prototype, "prepare", "matcher prepare (probe / list target)");
}

/** Linux splits the RSS into anonymous memory (heaps, malloc), file mappings (code, mmapped files) and shared memory. */
function linuxRssParts(): { rssAnon: number; rssFile: number; rssShmem: number } {
  try {
    const status = fs.readFileSync("/proc/self/status", "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
    return { rssAnon: kb("RssAnon"), rssFile: kb("RssFile"), rssShmem: kb("RssShmem") };
  } catch {
    return { rssAnon: 0, rssFile: 0, rssShmem: 0 };
  }
}

/**
 * This process's peak RSS. Linux's VmHWM is the high-water mark of this program's own memory since it
 * started. getrusage's maxRSS is not: a spawned child begins as a fork of its parent, and Linux carries
 * the fork's high-water mark across exec, so a child of a big parent (the benchmark, holding the seeded
 * directory) reports the parent's RSS. maxRSS is the fallback where /proc is missing.
 */
function peakRssBytes(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS * 1024;
}

function parseArgs(argv: string[]): { jobId: string; initial: boolean } {
  let jobId = "";
  let initial = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--job") jobId = argv[++i] ?? "";
    else if (argv[i] === "--initial") initial = true;
    else throw new Error(`Unknown option ${argv[i]}`);
  }
  if (!jobId) throw new Error("--job <jobId> is required");
  return { jobId, initial };
}

async function main(): Promise<void> {
  const { jobId, initial } = parseArgs(process.argv.slice(2));
  instrument();
  const mb = (b: number) => b / 1024 / 1024;
  const peaks = {
    rss: 0,
    heapUsed: 0,
    heapTotal: 0,
    external: 0,
    arrayBuffers: 0,
    rssAnon: 0,
    rssFile: 0,
    rssShmem: 0,
  };
  const sample = () => {
    const m = { ...process.memoryUsage(), ...linuxRssParts() };
    for (const k of Object.keys(peaks) as (keyof typeof peaks)[]) peaks[k] = Math.max(peaks[k], mb(m[k]));
  };
  await prisma.$queryRawUnsafe("SELECT 1"); // load the client and open the database before the baseline
  const baselineRssMb = mb(process.memoryUsage().rss);
  const sampler = setInterval(sample, 100);
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await runCycle(jobId, { forceInitial: initial });
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  sample();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const result: ChildResult = {
    summary,
    wallMs,
    maxRssBytes: peakRssBytes(),
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    eventLoopUtilization: elu.utilization,
    phases,
    memoryPeaksMb: peaks,
    baselineRssMb,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main()
  .catch((e) => {
    process.stderr.write(`run-cycle-child: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect().catch(() => {}));
