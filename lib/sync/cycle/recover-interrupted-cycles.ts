import { prisma } from "../../db/prisma";
import { isDeadOwner } from "./cycle-lease";
import { databaseNow } from "../../db/database-clock";

/**
 * At start-up: cycles left Running by a process that died (killed, crashed, redeployed) are marked
 * Interrupted, their job's lease is released and the job is due now, so the work is redone. A cycle whose
 * lease is still held by a live process (another server, a CLI run) is left alone.
 */
export async function recoverInterruptedCycles(): Promise<number> {
  // On-demand runs hold no lease and end within 30 s: only older ones can be orphans.
  const now = await databaseNow();
  const running = await prisma.cycle.findMany({
    where: { status: "Running", ...notRecentOnDemand(now) },
    select: { id: true, jobId: true },
  });
  let recovered = 0;
  for (const jobId of new Set(running.map((c) => c.jobId))) if (await recoverJob(jobId, now)) recovered++;
  return recovered;
}

/**
 * One job's recovery: when its lease is not held by a live process, its Running cycles become Interrupted
 * and, only if there was one to interrupt, the lease is released and the job is due now. A cycle listed as
 * Running may have ended normally since (and released its lease): that job is left alone, rather than made
 * due again, which ran a second cycle at once (CI caught one job with two Succeeded cycles).
 */
export async function recoverJob(jobId: string, now: Date): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const job = await tx.provisioningJob.findUnique({
      where: { id: jobId },
      select: { leaseOwner: true, leaseUntil: true },
    });
    if (!job) return false;
    const alive = job.leaseOwner && job.leaseUntil && job.leaseUntil > now && !isDeadOwner(job.leaseOwner);
    if (alive) return false;
    const interrupted = await tx.cycle.updateMany({
      where: { jobId, status: "Running", ...notRecentOnDemand(now) },
      data: {
        status: "Interrupted",
        endedAt: now,
        error: "The process running this cycle stopped before it finished. The next cycle redoes its work.",
      },
    });
    if (interrupted.count === 0) return false;
    await tx.provisioningJob.updateMany({
      where: { id: jobId, leaseOwner: job.leaseOwner },
      data: { leaseOwner: null, leaseUntil: null, nextRunAt: now },
    });
    return true;
  });
}

/**
 * Running cycles that are not a recent on-demand run. `now` is the database's clock (databaseNow), as
 * cycles' startedAt is: on many machines, one whose clock ran ahead took a colleague's on-demand run,
 * still going, for an orphan.
 */
export function notRecentOnDemand(now: Date) {
  return { OR: [{ type: { not: "OnDemand" } }, { startedAt: { lt: new Date(now.getTime() - 60_000) } }] };
}
