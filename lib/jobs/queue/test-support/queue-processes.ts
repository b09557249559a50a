import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Processes for the queue's tests: workers (`scripts/worker.ts`, as `npm run worker` starts them), web-like
 * scheduler instances (run-scheduler.ts), the CLI and the SCIM sandbox server, each a real process on the test's
 * database (DATABASE_URL of the test file, inherited).
 */
const ROOT = path.resolve(__dirname, "../../../..");

export type QueueProcess = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

function nodeTs(args: string[], extraEnv: Record<string, string>): QueueProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: "", PROVISIO_WORKERS: "queue", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/** A worker; cycles run inline in it, so the cycle lease's owner is the worker's own pid. */
export function startWorker(extraEnv: Record<string, string> = {}): QueueProcess {
  return nodeTs(["scripts/worker.ts"], { PROVISIO_CYCLE_PROCESS: "inline", ...extraEnv });
}

/** The CLI (bin/provisio.ts) with the given arguments, as an operator runs it with PROVISIO_WORKERS=queue. */
export function runCli(args: string[]): QueueProcess {
  return nodeTs(["bin/provisio.ts", ...args], {});
}

/** A scheduler as a web server runs it (instrumentation.ts), ticking every TICK_MS. */
export function startSchedulerInstance(tickMs: number): QueueProcess {
  return nodeTs([path.join("lib", "jobs", "queue", "test-support", "run-scheduler.ts")], { TICK_MS: String(tickMs) });
}

/** The SCIM sandbox in a process of its own; resolves with its URL. */
export async function startSandboxProcess(token: string): Promise<{ url: string; stop: () => void }> {
  const p = nodeTs(["scripts/sandbox-server.ts", "--token", token], {});
  const url = await new Promise<string>((resolve, reject) => {
    p.child.stdout!.on("data", () => {
      const line = p
        .output()
        .split("\n")
        .find((l) => l.trim().startsWith("{"));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    void p.exited.then(({ code }) => reject(new Error(`sandbox server exited with ${code}: ${p.output()}`)));
  });
  return { url, stop: () => p.child.kill("SIGTERM") };
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A SCIM target's users, every page, read with its bearer token. */
export async function listTargetUsers(url: string, token: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let start = 1; ; start += 100) {
    const page = await scimGet(url, token, `/Users?startIndex=${start}&count=100`);
    out.push(...page.Resources);
    if (page.Resources.length === 0 || out.length >= page.totalResults) return out;
  }
}

export async function scimGet(
  url: string,
  token: string,
  pathname: string,
): Promise<{ totalResults: number; Resources: Record<string, unknown>[] }> {
  const res = await fetch(`${url}${pathname}`, { headers: { Authorization: `Bearer ${token}` } });
  return (await res.json()) as { totalResults: number; Resources: Record<string, unknown>[] };
}

/** The parent pid of a process on this host (Linux /proc), or null when it is gone. */
export function parentPid(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/** Whether a process on this host has ended (gone, or a zombie nobody reaped). */
export function processEnded(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return ["Z", "X", "x"].includes(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
  } catch {
    return true;
  }
}

/**
 * Waits until a worker has started (its `{"worker":…}` line): its queues exist and it fetches. A worker that
 * exits first fails the wait with its own output, rather than a test timing out later for want of it.
 */
export async function waitForWorkerReady(w: QueueProcess, timeoutMs = 60_000): Promise<void> {
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void w.exited.then((e) => (exited = e));
  await waitFor(
    "the worker to start",
    async () => {
      if (exited) throw new Error(`the worker exited (${JSON.stringify(exited)}) before it started: ${w.output()}`);
      return w.output().includes('{"worker":');
    },
    timeoutMs,
  );
}
