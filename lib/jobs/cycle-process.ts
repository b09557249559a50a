import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { z } from "zod";
import { env } from "../env";
import { AppError, isAppErrorCode, type AppErrorCode } from "../errors";
import type { CycleSummary } from "../sync/sync-types";

export const RESULT_PREFIX = "PROVISIO_CYCLE_RESULT ";
export const ERROR_PREFIX = "PROVISIO_CYCLE_ERROR ";

/**
 * Writes the cycle process's last lines and exits once they have left the process. `process.exit()` right
 * after `write()` drops what is still queued: a pipe holds 64 KB, and while the parent is busy (its event
 * loop blocked) the rest waits in this process, so the result line would be lost and the parent would
 * report a finished cycle as "exited with code 0".
 */
export function printAndExit(code: number, stdoutLine: string, stderrText?: string): void {
  let left = stderrText ? 2 : 1;
  const done = () => {
    if (--left === 0) process.exit(code);
  };
  if (stderrText) process.stderr.write(stderrText + "\n", done);
  process.stdout.write(stdoutLine + "\n", done);
}

const failureLine = z.object({ code: z.string().optional(), message: z.string() });

/**
 * The domain error a cycle process printed (see cycle-child.ts), or null for a line of another shape. It
 * comes from another process, so it is checked: a code this build does not know becomes cycle.failed.
 */
export function parseCycleFailure(value: unknown): { code: AppErrorCode; message: string } | null {
  const parsed = failureLine.safeParse(value);
  if (!parsed.success) return null;
  const { code, message } = parsed.data;
  return { code: isAppErrorCode(code) ? code : "cycle.failed", message };
}

/**
 * Node flags of a cycle process. The heap cap makes V8 collect garbage instead of letting the heap grow
 * while a large cycle allocates quickly: a 100,000-user cycle keeps well under 100 MB live, and without a
 * cap V8 let it reach 250 MB.
 */
export function cycleProcessNodeArgs(): string[] {
  return [`--max-old-space-size=${env().PROVISIO_CYCLE_HEAP_MB}`];
}

/** The entry script and how Node runs it (tsx loads the TypeScript, as for the CLI). */
export function cycleProcessCommand(
  jobId: string,
  opts: { forceInitial?: boolean; leaseFrom?: string } = {},
): { command: string; args: string[] } {
  const entry = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "jobs", "cycle-child.ts");
  return {
    command: process.execPath,
    args: [
      ...cycleProcessNodeArgs(),
      "--import",
      "tsx",
      entry,
      jobId,
      ...(opts.forceInitial ? ["--initial"] : []),
      ...(opts.leaseFrom ? [`--lease-from=${opts.leaseFrom}`] : []),
    ],
  };
}

/**
 * Runs one cycle of a job in a process of its own and returns its summary, as runCycle does in-process.
 * A cycle process has its own heap, so a 100,000-user cycle neither grows the web server's memory nor
 * competes with its event loop, and it crashes alone. Its output goes to this process's output, line by
 * line (cycles never print secrets). It stops when this process goes away (its stdin closes); the cycle
 * lease and interrupted-cycle recovery then clean up as after any crash.
 */
export function runCycleInChildProcess(
  jobId: string,
  opts: { forceInitial?: boolean; leaseFrom?: string } = {},
): Promise<CycleSummary> {
  const { command, args } = cycleProcessCommand(jobId, opts);
  const child = spawn(command, args, {
    cwd: process.cwd(),
    env: { ...process.env, PROVISIO_CYCLE_PROCESS: "inline" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const label = `[cycle ${jobId.slice(0, 8)}]`;
  let result: CycleSummary | null = null;
  let failure: { code: AppErrorCode; message: string } | null = null;
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    try {
      if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as CycleSummary;
      else if (line.startsWith(ERROR_PREFIX)) failure = parseCycleFailure(JSON.parse(line.slice(ERROR_PREFIX.length)));
      else console.log(label, line);
    } catch {
      console.error(label, "a cut-off result line (the process stopped while writing it)");
    }
  });
  let lastErrorLines: string[] = [];
  let outOfMemory = false;
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    lastErrorLines = [...lastErrorLines.slice(-4), line];
    if (/heap out of memory|Reached heap limit/i.test(line)) outOfMemory = true;
    console.error(label, line);
  });
  return new Promise<CycleSummary>((resolve, reject) => {
    child.once("error", (e) =>
      reject(new AppError("cycle.process", `The cycle process could not start: ${e.message}`)),
    );
    child.once("close", (code, signal) => {
      const f = failure as { code: AppErrorCode; message: string } | null;
      if (result && code === 0) return resolve(result);
      if (f) return reject(new AppError(f.code, f.message));
      const how = signal ? `was stopped (${signal})` : `exited with code ${code}`;
      if (outOfMemory) {
        const mb = env().PROVISIO_CYCLE_HEAP_MB;
        return reject(
          new AppError(
            "cycle.process",
            `The cycle process ran out of memory (its heap is limited to ${mb} MB): raise PROVISIO_CYCLE_HEAP_MB.`,
          ),
        );
      }
      const tail = lastErrorLines.join(" ").slice(-500);
      reject(new AppError("cycle.process", `The cycle process ${how}${tail ? `: ${tail}` : ""}`));
    });
  });
}
