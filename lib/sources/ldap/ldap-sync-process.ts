import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { prisma } from "../../db/prisma";
import { AppError, type AppErrorCode } from "../../errors";
import { ERROR_PREFIX, parseCycleFailure, RESULT_PREFIX } from "../../jobs/cycle-process";
import { databaseNow } from "../../db/database-clock";
import { parseStoredLdapSettings } from "./ldap-settings";
import type { LdapSyncMode, LdapSyncSummary } from "./run-ldap-sync";

/** The line a sync process prints once it holds the source's lease and has started its run: the run's id. */
export const LDAP_RUN_PREFIX = "PROVISIO_LDAP_RUN ";

/** The entry script and how Node runs it (tsx loads the TypeScript, as for cycle processes). */
export function ldapSyncProcessCommand(sourceId: string, mode?: LdapSyncMode): { command: string; args: string[] } {
  const entry = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "sources", "ldap", "ldap-sync-child.ts");
  const flag = mode === "Full" ? ["--full"] : mode === "Delta" ? ["--delta"] : [];
  return { command: process.execPath, args: ["--import", "tsx", entry, sourceId, ...flag] };
}

/**
 * Runs one sync of an LDAP source in a process of its own and returns its summary, as runLdapSync does
 * in-process. In the web server a full read holds the event loop in long turns: the page writes run on the
 * SQLite store's thread, but decoding the LDAP pages, mapping, validating and the Prisma calls do not (a
 * 20,000-user full read inline: event loop delay up to 1.2 s, p99 360 ms, on a loaded 2-core machine; in a
 * process of its own the server's p99 stayed at 70 ms), and the server's memory would grow by what the read
 * allocates. In its own process it does neither, and crashes alone. A process that stops without a summary fails its run
 * here (recordLdapSyncProcessFailure), so the source does not wait for the run's lease to expire.
 */
export function runLdapSyncInChildProcess(
  sourceId: string,
  opts: { mode?: LdapSyncMode; signal?: AbortSignal } = {},
): Promise<LdapSyncSummary> {
  const { command, args } = ldapSyncProcessCommand(sourceId, opts.mode);
  const child = spawn(command, args, { cwd: process.cwd(), env: process.env, stdio: ["pipe", "pipe", "pipe"] });
  // Stopped by its starter (a worker that is stopping): the process ends, and its run fails below.
  const stop = () => child.kill("SIGTERM");
  if (opts.signal?.aborted) stop();
  else opts.signal?.addEventListener("abort", stop, { once: true });
  const label = `[ldap sync ${sourceId.slice(0, 8)}]`;
  let runId: number | null = null;
  let result: LdapSyncSummary | null = null;
  let failure: { code: AppErrorCode; message: string } | null = null;
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    try {
      if (line.startsWith(LDAP_RUN_PREFIX)) runId = Number(line.slice(LDAP_RUN_PREFIX.length));
      else if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as LdapSyncSummary;
      else if (line.startsWith(ERROR_PREFIX)) failure = parseCycleFailure(JSON.parse(line.slice(ERROR_PREFIX.length)));
      else console.log(label, line);
    } catch {
      console.error(label, "a cut-off result line (the process stopped while writing it)");
    }
  });
  let lastErrorLines: string[] = [];
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    lastErrorLines = [...lastErrorLines.slice(-4), line];
    console.error(label, line);
  });
  return new Promise<LdapSyncSummary>((resolve, reject) => {
    child.once("error", (e) =>
      reject(new AppError("ldap.sync_process", `The LDAP sync process could not start: ${e.message}`)),
    );
    child.once("close", (code, signal) => {
      const f = failure as { code: AppErrorCode; message: string } | null;
      if (result && code === 0) return resolve(result);
      if (f) return reject(new AppError(f.code, f.message));
      opts.signal?.removeEventListener("abort", stop);
      const how = opts.signal?.aborted
        ? `was stopped (${signal ?? code}) because the process that started it was stopping`
        : signal
          ? `was stopped (${signal})`
          : `exited with code ${code}`;
      const tail = lastErrorLines.join(" ").slice(-500);
      const message = `The LDAP sync process ${how}${tail ? `: ${tail}` : ""}`;
      recordLdapSyncProcessFailure(sourceId, runId, message).then(
        () => reject(new AppError("ldap.sync_process", message)),
        () => reject(new AppError("ldap.sync_process", message)),
      );
    });
  });
}

/**
 * A sync process that stopped mid-run: its run fails with the reason, the lease is freed, the next run is
 * due after the interval. `runId`: the run the process said it started, null when it stopped before it
 * held the lease. Only that run, and the lease while that run still holds it, are touched: another
 * process's sync of the source (on this machine or another) runs on.
 */
export async function recordLdapSyncProcessFailure(
  sourceId: string,
  runId: number | null,
  message: string,
): Promise<void> {
  if (runId === null || !Number.isSafeInteger(runId)) return;
  const config = await prisma.ldapSourceConfig.findUnique({ where: { sourceId } });
  if (!config) return;
  const now = await databaseNow();
  const interval = parseStoredLdapSettings(config.settings)?.intervalSeconds ?? 300;
  // The source's row first, then the run's: the order the run's own last write takes them in, so the two
  // never wait on each other (PostgreSQL would abort one as a deadlock).
  await prisma.$transaction(async (tx) => {
    // Freed only while that run holds it: a run that ended cleared it, and a run that lost its lease (it
    // expired, and another run took the source) must not free the other run's.
    await tx.ldapSourceConfig.updateMany({
      where: { sourceId, leaseRunId: runId },
      data: {
        leaseUntil: null,
        leaseRunId: null,
        lastSyncAt: now,
        nextSyncAt: new Date(now.getTime() + interval * 1000),
      },
    });
    await tx.ldapSyncRun.updateMany({
      where: { id: runId, sourceId, status: "Running" },
      data: { status: "Failed", endedAt: now, message: message.slice(0, 2000) },
    });
  });
}
