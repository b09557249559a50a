/**
 * A cycle process (see cycle-process.ts): runs one cycle of a job and prints its summary as one line.
 *
 *   node --max-old-space-size=160 --import tsx lib/jobs/cycle-child.ts <jobId> [--initial] [--lease-from=<owner>]
 */
import { isAppError } from "../errors";
import { runCycle } from "../sync/cycle/run-cycle";
import type { CycleSummary } from "../sync/sync-types";
import { ERROR_PREFIX, printAndExit, RESULT_PREFIX } from "./cycle-process";

async function main(): Promise<CycleSummary> {
  const [jobId, ...flags] = process.argv.slice(2);
  const leaseFrom = flags.find((f) => f.startsWith("--lease-from="))?.slice("--lease-from=".length);
  if (!jobId || flags.some((f) => f !== "--initial" && !f.startsWith("--lease-from=")))
    throw new Error("Usage: cycle-child.ts <jobId> [--initial] [--lease-from=<owner>]");
  // The parent went away (its end of stdin closed): stop; the cycle lease and recovery clean up.
  process.stdin.on("end", () => process.exit(3));
  process.stdin.resume();
  return runCycle(jobId, { forceInitial: flags.includes("--initial"), leaseFrom });
}

main().then(
  (summary) => printAndExit(0, RESULT_PREFIX + JSON.stringify(summary)),
  (e) => {
    const message = e instanceof Error ? e.message : String(e);
    const line = ERROR_PREFIX + JSON.stringify({ code: isAppError(e) ? e.code : undefined, message });
    printAndExit(1, line, isAppError(e) ? undefined : e instanceof Error ? (e.stack ?? message) : message);
  },
);
