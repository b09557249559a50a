import { prisma } from "../db/prisma";
import { isAppError } from "../errors";
import { acquireCycleLease, newLeaseOwner, releaseCycleLease } from "../sync/cycle/cycle-lease";
import { runCycle } from "../sync/cycle/run-cycle";
import { runCycleInChildProcess } from "./cycle-process";
import { recordCycleProcessFailure } from "./record-cycle-process-failure";
import { databaseNow } from "../db/database-clock";

/**
 * Runs one scheduled cycle of a job, in this process (`inline`) or in a cycle process of its own, and
 * handles what stops it from running: another process holds the lease (tried again later), credentials
 * are missing (not scheduled again until they are saved), or the cycle process died without an answer (a
 * failed cycle, retried after the interval). The web server's scheduler and the queue's workers share it.
 * Resolves false when nothing ran here to its end: another process held the lease or took it over (this
 * cycle stalled past it), or the job was no longer due when the lease was taken (its cycle ran and ended
 * since it was found due), true otherwise.
 */
export async function runScheduledCycle(jobId: string, opts: { inline: boolean }): Promise<boolean> {
  try {
    await (opts.inline ? runCycle(jobId, { onlyIfDue: true }) : runLeasedCycleProcess(jobId));
    return true;
  } catch (e) {
    if (isAppError(e) && (e.code === "cycle.running" || e.code === "cycle.not_due")) return false;
    // This cycle stalled and another process took it over: the job's cycle runs there, nothing failed.
    if (isAppError(e) && e.code === "cycle.lease_lost") {
      console.warn(`Scheduler: cycle for job ${jobId} stopped: ${e.message}`);
      return false;
    }
    console.error(`Scheduler: cycle for job ${jobId} could not run:`, e instanceof Error ? e.message : e);
    if (isAppError(e) && e.code === "credentials.missing") {
      await prisma.provisioningJob.update({ where: { id: jobId }, data: { nextRunAt: null } }).catch(() => {});
      return true;
    }
    if (isAppError(e) && e.code === "cycle.process") {
      await recordCycleProcessFailure(jobId, e.message).catch((err: unknown) =>
        console.error(
          `Scheduler: could not record the failed cycle of job ${jobId}:`,
          err instanceof Error ? err.message : err,
        ),
      );
    }
    return true;
  }
}

/**
 * A cycle process with the job's lease taken here first and handed over to it (runCycle's leaseFrom): a
 * job whose cycle runs elsewhere is refused before a process is started for nothing, and while the
 * process boots (seconds) no other worker starts one too. Released here if the process never took it.
 */
async function runLeasedCycleProcess(jobId: string): Promise<void> {
  const owner = newLeaseOwner();
  await acquireCycleLease(jobId, owner, { onlyIfDue: true });
  try {
    await runCycleInChildProcess(jobId, { leaseFrom: owner });
  } finally {
    await releaseCycleLease(jobId, owner).catch(() => {});
  }
}

/** Due jobs, oldest first: enabled, On, nextRunAt passed; `freeOnly` leaves out those whose lease is held. */
export async function findDueJobs(opts: { freeOnly: boolean }): Promise<string[]> {
  const now = await databaseNow();
  const due = await prisma.provisioningJob.findMany({
    where: {
      enabled: true,
      nextRunAt: { lte: now },
      status: { notIn: ["NotConfigured", "Paused"] },
      ...(opts.freeOnly ? { OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] } : {}),
    },
    select: { id: true },
    orderBy: { nextRunAt: "asc" },
  });
  return due.map((d) => d.id);
}

/** Whether the job is still due (a queue job can be fetched after its cycle already ran). */
export async function isJobDue(jobId: string): Promise<boolean> {
  const job = await prisma.provisioningJob.findUnique({
    where: { id: jobId },
    select: { enabled: true, nextRunAt: true, status: true },
  });
  if (!job || !job.enabled || job.status === "NotConfigured" || job.status === "Paused") return false;
  return job.nextRunAt !== null && job.nextRunAt.getTime() <= Date.now();
}
