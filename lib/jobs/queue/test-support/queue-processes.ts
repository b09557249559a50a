import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/**
 * Processes for the queue's tests: workers (`scripts/worker.ts`, as `npm run worker` starts them), web-like
 * scheduler instances (run-scheduler.ts) and the SCIM sandbox server, each a real process on the test's
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
