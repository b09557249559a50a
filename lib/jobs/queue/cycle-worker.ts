import { env } from "../../env";
import { isJobDue, runScheduledCycle } from "../run-scheduled-cycle";
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
      { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 },
      async (jobs) => {
        for (const job of jobs) {
          const { jobId } = cycleQueueJobData.parse(job.data);
          if (!(await isJobDue(jobId))) continue;
          await runScheduledCycle(jobId, { inline: PROVISIO_CYCLE_PROCESS !== "child" });
        }
      },
    );
    ids.push(id);
  }
  return ids;
}
