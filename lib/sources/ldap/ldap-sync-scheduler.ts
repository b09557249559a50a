import { longWriteRunning } from "../../db/long-write";
import { prisma } from "../../db/prisma";
import { env } from "../../env";
import { isAppError } from "../../errors";
import { recordLdapSyncProcessFailure, runLdapSyncInChildProcess } from "./ldap-sync-process";
import { runLdapSync } from "./run-ldap-sync";
import { databaseNow } from "../../db/database-clock";

/**
 * Runs the LDAP sources' syncs in this process: every few seconds it starts a run for each active LDAP source
 * whose nextSyncAt is due (one run per source at a time; the run's lease keeps other processes out too).
 * runLdapSync sets the next time from the source's interval when it ends, failed or not. Each run is a process
 * of its own (ldap-sync-process.ts) when PROVISIO_CYCLE_PROCESS is "child", the default, as cycles are: a
 * full read's decoding and mapping then never hold the web server's event loop.
 */
type Running = {
  done: Promise<unknown>;
  /** Stops a sync process (its run fails and frees the source). */
  abort: AbortController;
  inline: boolean;
  /** The run this process started, once it holds the source's lease (inline runs). */
  runId: number | null;
};
type State = { timer: ReturnType<typeof setInterval> | null; running: Map<string, Running>; ticking: boolean };

const TICK_MS = 2_000;
const globalState = globalThis as unknown as { provisioLdapSync?: State };
const state: State = (globalState.provisioLdapSync ??= { timer: null, running: new Map(), ticking: false });

export function startLdapSyncScheduler(opts: { tickMs?: number } = {}): void {
  if (state.timer) return;
  state.timer = setInterval(() => void tick(), opts.tickMs ?? TICK_MS);
  state.timer.unref?.();
  void tick();
}

export function stopLdapSyncScheduler(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

/** After a save or Run now: look for due sources at once instead of at the next tick. */
export function wakeLdapSync(): void {
  if (state.timer) void tick();
}

/** Runs started by this process that have not finished (tests await them). */
export async function idleLdapSync(): Promise<void> {
  while (state.running.size > 0) await Promise.allSettled([...state.running.values()].map((r) => r.done));
}

/**
 * A process that is stopping (a worker told to stop): starts no more syncs and waits up to `timeoutMs`
 * for the ones it runs. Those still running then are stopped, so their sources are free at once rather
 * than when their lease runs out: a sync process is signalled, and its run fails; an inline run
 * is failed here (the process exits next). The next sync, in whichever process, reads again.
 */
export async function stopLdapSyncs(timeoutMs: number): Promise<void> {
  stopLdapSyncScheduler();
  if (await settledWithin(timeoutMs)) return;
  for (const [sourceId, r] of state.running) {
    if (!r.inline) r.abort.abort();
    else if (r.runId !== null) {
      const why = "The process running this sync was stopping, so the sync was stopped before it ended.";
      await recordLdapSyncProcessFailure(sourceId, r.runId, why).catch(() => {});
    }
  }
  // Signalled sync processes end within moments; an inline run cannot be stopped, and ends with the process.
  await settledWithin(5_000, (r) => !r.inline);
}

async function settledWithin(ms: number, which: (r: Running) => boolean = () => true): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const runs = [...state.running.values()].filter(which);
  const settled = Promise.allSettled(runs.map((r) => r.done)).then(() => true);
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The active, configured sources whose next sync is due and that no process is syncing (a run's lease
 * holds the source until it ends). Web servers on several machines each tick: without the lease check,
 * every one of them would start a sync process per tick for a source another one is reading, only for
 * that process to find the lease taken.
 */
export async function dueLdapSources(now: Date): Promise<string[]> {
  const due = await prisma.ldapSourceConfig.findMany({
    where: {
      nextSyncAt: { lte: now },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
      bindPassword: { not: null },
      source: { status: "Active" },
    },
    select: { sourceId: true },
    orderBy: { nextSyncAt: "asc" },
  });
  return due.map((d) => d.sourceId);
}

async function tick(): Promise<void> {
  if (state.ticking || longWriteRunning()) return;
  state.ticking = true;
  try {
    for (const sourceId of await dueLdapSources(await databaseNow())) {
      if (!state.timer) break; // stopped meanwhile
      if (state.running.has(sourceId)) continue;
      const inline = env().PROVISIO_CYCLE_PROCESS !== "child";
      const entry: Running = { done: Promise.resolve(), abort: new AbortController(), inline, runId: null };
      const started = inline
        ? runLdapSync(sourceId, { onStarted: (runId) => (entry.runId = runId) })
        : runLdapSyncInChildProcess(sourceId, { signal: entry.abort.signal });
      entry.done = started
        .catch(async (e) => {
          if (isAppError(e) && e.code === "ldap.sync_running") return;
          // The process stopped mid-run: its run is failed and the next one is due after the interval.
          if (isAppError(e) && e.code === "ldap.sync_process") return console.error(e.message);
          console.error(`LDAP sync of source ${sourceId} could not run:`, e instanceof Error ? e.message : e);
          // Not configured yet, or gone: wait for the next save instead of trying every tick.
          await prisma.ldapSourceConfig.updateMany({ where: { sourceId }, data: { nextSyncAt: null } }).catch(() => {});
        })
        .finally(() => state.running.delete(sourceId));
      state.running.set(sourceId, entry);
    }
  } catch (e) {
    console.error("LDAP sync tick failed:", e instanceof Error ? e.message : e);
  } finally {
    state.ticking = false;
  }
}
