/**
 * A cycle worker for PostgreSQL with PROVISIO_WORKERS=queue: `npm run worker`, as many as wanted on as many
 * machines, each with the web server's environment (DATABASE_URL, PROVISIO_SECRET_KEY, …). It runs the
 * cycles that schedulers enqueue (lib/jobs/queue), the provision-on-demand requests of web servers and the
 * CLI (on-demand-queue.ts, two at a time, beside the cycles), the scheduler's tick itself, so workers keep
 * provisioning while every web server is down (each due job is still enqueued once), the LDAP sources'
 * syncs (as web servers do; each due source is read by one process), and the hourly housekeeping (log
 * retention, idle rate buckets). SIGTERM or SIGINT stops fetching and waits up to
 * PROVISIO_WORKER_STOP_SECONDS (30) for running cycles and LDAP syncs; a cycle still running then is
 * redone by another worker, as after a crash, and an LDAP sync is stopped, its run failed and its source
 * freed for the next sync.
 */
import { closePostgresPools } from "../lib/db/postgres/postgres-pool";
import { env } from "../lib/env";
import { startHousekeeping, stopHousekeeping } from "../lib/housekeeping/start-housekeeping";
import { stopCycleQueue } from "../lib/jobs/queue/cycle-queue";
import { startCycleWorkers } from "../lib/jobs/queue/cycle-worker";
import { limitHeapGrowth } from "../lib/jobs/queue/limit-heap-growth";
import { startOnDemandWorkers } from "../lib/jobs/queue/on-demand-queue";
import { startScheduler, stopScheduler } from "../lib/jobs/scheduler";
import { startLdapSyncScheduler, stopLdapSyncs } from "../lib/sources/ldap/ldap-sync-scheduler";

async function main(): Promise<void> {
  const e = env();
  if (e.PROVISIO_WORKERS !== "queue") {
    console.error("npm run worker needs PROVISIO_WORKERS=queue and DATABASE_URL=postgres://… (see README).");
    process.exit(2);
  }
  limitHeapGrowth(e.PROVISIO_WORKER_HEAP_GROWTH_PERCENT);
  const slots = await startCycleWorkers();
  await startOnDemandWorkers();
  startScheduler();
  startLdapSyncScheduler();
  startHousekeeping();
  console.log(JSON.stringify({ worker: process.pid, slots: slots.length }));
  // The queue's polling and the scheduler's ticks do not keep the process alive on their own.
  const keepAlive = setInterval(() => {}, 60_000);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Worker ${process.pid}: ${signal}, stopping`);
    stopScheduler();
    stopHousekeeping();
    clearInterval(keepAlive);
    const timeoutMs = e.PROVISIO_WORKER_STOP_SECONDS * 1000;
    void Promise.all([stopCycleQueue({ graceful: true, timeoutMs }), stopLdapSyncs(timeoutMs)])
      .then(() => closePostgresPools())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          console.error("Worker: stopping failed:", err instanceof Error ? err.message : err);
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

void main().catch((err: unknown) => {
  console.error("Worker:", err instanceof Error ? err.message : err);
  process.exit(1);
});
