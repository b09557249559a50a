import { env } from "../../env";
import { isJobDue, runScheduledCycle } from "../run-scheduled-cycle";
import type PgBoss from "pg-boss";
import { staleActiveQueueJobs } from "../../db/postgres/stale-queue-jobs";
import { CYCLE_QUEUE, cycleQueue, cycleQueueJobData } from "./cycle-queue";

export type CycleWorkerOptions = {
  /** Cycles this worker runs at once (default PROVISIO_MAX_PARALLEL_CYCLES). */
  slots?: number;
  /** How often an idle slot asks the queue for work. */
  pollingIntervalSeconds?: number;
};

/**
 * A worker (`npm run worker`): each of its slots fetches one queue job at a time and runs that provisioning
 * job's cycle, in a cycle process or inline as PROVISIO_CYCLE_PROCESS says. The cycle lease still decides:
 * a job whose cycle runs elsewhere is refused (cycle.running) and the queue job ends. A queue job fetched
 * after its cycle already ran (sent while that cycle was starting) finds the job no longer due and ends.
 */
export async function startCycleWorkers(opts: CycleWorkerOptions = {}): Promise<string[]> {
  const boss = await cycleQueue();
  const { PROVISIO_MAX_PARALLEL_CYCLES, PROVISIO_CYCLE_PROCESS } = env();
  const slots = opts.slots ?? PROVISIO_MAX_PARALLEL_CYCLES;
  const ids: string[] = [];
  for (let i = 0; i < slots; i++) {
    const id = await boss.work(
      CYCLE_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1, includeMetadata: true },
      async (jobs) => {
        for (const job of jobs) {
          const { jobId } = cycleQueueJobData.parse(job.data);
          if (!(await isJobDue(jobId))) continue;
          if (await runScheduledCycle(jobId, { inline: PROVISIO_CYCLE_PROCESS !== "child" })) {
            await failStaleQueueJobs(boss, jobId, job.startedOn);
          }
        }
      },
    );
    ids.push(id);
  }
  return ids;
}

/**
 * After this worker ran a job's cycle (holding its lease), the job's queue jobs still "active" from before
 * this one started belong to workers that died mid-cycle (their cycle was recovered, or this one could not
 * have run): they are failed now rather than left active until their 12 h expiry. They never held anything
 * back ("short" keeps one queue job waiting per job, however many are active); this only keeps the
 * queue's state true for whoever watches it. A queue job's state is bookkeeping: the lease alone decides
 * which cycle runs.
 */
async function failStaleQueueJobs(boss: PgBoss, jobId: string, startedOn: Date): Promise<void> {
  try {
    const stale = await staleActiveQueueJobs(CYCLE_QUEUE, jobId, startedOn);
    if (stale.length > 0) {
      const output = { message: "Its worker stopped mid-cycle; another worker ran the cycle." };
      for (const id of stale) await boss.fail(CYCLE_QUEUE, id, output);
    }
  } catch (e) {
    console.error(
      `Job queue: could not fail the stale queue jobs of job ${jobId}:`,
      e instanceof Error ? e.message : e,
    );
  }
}
