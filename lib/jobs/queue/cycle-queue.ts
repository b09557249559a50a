import PgBoss from "pg-boss";
import type { Pool } from "pg";
import { z } from "zod";
import { databaseUrl } from "../../db/database-url";
import { postgresPool } from "../../db/postgres/postgres-pool";

/** The pg-boss queue of cycles: one queue job per provisioning job's due cycle. */
export const CYCLE_QUEUE = "provisio-cycle";

/** The pg-boss queue of provision-on-demand requests (on-demand-queue.ts). */
export const ON_DEMAND_QUEUE = "provisio-on-demand";

/** A queue job's data. It comes from the database, written by any instance, so it is checked. */
export const cycleQueueJobData = z.object({ jobId: z.string().min(1) });
export type CycleQueueJobData = z.infer<typeof cycleQueueJobData>;

const globalForBoss = globalThis as unknown as { provisioBoss?: Promise<PgBoss> };

/**
 * This process's pg-boss, started once, on the process's PostgreSQL pool (lib/db/postgres/postgres-pool.ts).
 * The cycle queue uses the "short" policy: at most one queue job per provisioning job (singletonKey) is
 * waiting at a time, however many schedulers send it; a running one does not count, so a cycle that is due
 * again while one runs waits as one job. Retries are off: a worker that dies leaves its cycle to the
 * cycle lease (renewed every 20 s, recovered by the next scheduler tick when it lapses or its owner is
 * gone), after which the job is due now and enqueued again. The expiry only tidies up the dead worker's
 * queue job; it does not bound how long a cycle may run.
 */
export function cycleQueue(): Promise<PgBoss> {
  globalForBoss.provisioBoss ??= (async () => {
    const pool = postgresPool(databaseUrl());
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schedule: false,
    });
    boss.on("error", (e) => console.error("Job queue:", e.message));
    await startQueues(boss, pool);
    return boss;
  })().catch((e: unknown) => {
    globalForBoss.provisioBoss = undefined;
    throw e;
  });
  return globalForBoss.provisioBoss;
}

/**
 * The queues and their policies (see cycleQueue). Expiry in seconds: pg-boss 10's createQueue and updateQueue
 * read only `expireInSeconds` (an `expireInHours` is dropped, leaving its 15-minute default), and a worker
 * gives up waiting on a handler once its job's expiry has passed, freeing the slot while the cycle runs on.
 */
export const QUEUES: readonly PgBoss.Queue[] = [
  { name: CYCLE_QUEUE, policy: "short", retryLimit: 0, expireInSeconds: 12 * 60 * 60 },
  // Provision on demand (on-demand-queue.ts): one queue job per request, never retried (the caller waits
  // for it and gives up after a short while), expired a minute after a worker took it (on demand has 30 s).
  { name: ON_DEMAND_QUEUE, policy: "standard", retryLimit: 0, expireInSeconds: 60 },
];

/**
 * Starts pg-boss, creates the queues that do not exist yet and brings the options of those that do in line
 * with QUEUES (a queue keeps the options it was created with, so a database set up by an older Provisio
 * would keep its old policy or expiry), one instance at a time. Neither is safe to run
 * at once from several processes on a fresh database: two pg-boss installs can both try to create the schema
 * (one fails on a duplicate pg_namespace key), and two that create one queue together deadlock (each holds
 * the queue table's lock the other's new partition's foreign key waits for), so a worker stopped at start-up
 * with "deadlock detected". A session advisory lock, held on a connection of its own while pg-boss works on
 * the pool's others, serializes them; once installed, a start takes a few milliseconds under it.
 */
export async function startQueues(boss: PgBoss, pool: Pool, queues: readonly PgBoss.Queue[] = QUEUES): Promise<void> {
  const lock = await pool.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(hashtext('provisio.pgboss.start-queues'))");
    try {
      await boss.start();
      for (const queue of queues) {
        const existing = await boss.getQueue(queue.name);
        if (!existing) await boss.createQueue(queue.name, queue);
        else if (optionsDiffer(existing, queue)) await boss.updateQueue(queue.name, queue);
      }
    } finally {
      await lock.query("SELECT pg_advisory_unlock(hashtext('provisio.pgboss.start-queues'))");
    }
  } finally {
    lock.release();
  }
}

/** Whether a stored queue's policy, retries or expiry differ from what QUEUES asks for. */
function optionsDiffer(stored: PgBoss.QueueResult, wanted: PgBoss.Queue): boolean {
  return (
    stored.policy !== wanted.policy ||
    (stored.retryLimit ?? null) !== (wanted.retryLimit ?? null) ||
    (stored.expireInSeconds ?? null) !== (wanted.expireInSeconds ?? null)
  );
}

/** Sends one queue job per provisioning job; those already waiting are not sent twice. Returns how many were new. */
export async function enqueueCycles(jobIds: readonly string[]): Promise<number> {
  if (jobIds.length === 0) return 0;
  const boss = await cycleQueue();
  let sent = 0;
  for (const jobId of jobIds) {
    const data: CycleQueueJobData = { jobId };
    if (await boss.send(CYCLE_QUEUE, data, { singletonKey: jobId })) sent++;
  }
  return sent;
}

/** Stops this process's pg-boss (a worker's shutdown, the end of a test); its pool is closed separately. */
export async function stopCycleQueue(opts: { graceful: boolean; timeoutMs?: number }): Promise<void> {
  const started = globalForBoss.provisioBoss;
  if (!started) return;
  globalForBoss.provisioBoss = undefined;
  const boss = await started.catch(() => null);
  await boss?.stop({ graceful: opts.graceful, timeout: opts.timeoutMs ?? 30_000, wait: true, close: false });
}
