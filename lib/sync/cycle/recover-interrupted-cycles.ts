import { prisma } from "../../db/prisma";
import { isDeadOwner } from "./cycle-lease";

/**
 * At start-up: cycles left Running by a process that died (killed, crashed, redeployed) are marked
 * Interrupted, their job's lease is released and the job is due now, so the work is redone. A cycle whose
 * lease is still held by a live process (another server, a CLI run) is left alone.
 */
export async function recoverInterruptedCycles(): Promise<number> {
  // On-demand runs hold no lease and end within 30 s: only older ones can be orphans.
  const running = await prisma.cycle.findMany({
    where: { status: "Running", ...notRecentOnDemand() },
    select: { id: true, jobId: true },
  });
  let recovered = 0;
  const now = new Date();
  for (const jobId of new Set(running.map((c) => c.jobId))) {
    const job = await prisma.provisioningJob.findUnique({
      where: { id: jobId },
      select: { leaseOwner: true, leaseUntil: true },
    });
    if (!job) continue;
    const alive = job.leaseOwner && job.leaseUntil && job.leaseUntil > now && !isDeadOwner(job.leaseOwner);
    if (alive) continue;
    await prisma.$transaction([
      prisma.cycle.updateMany({
        where: { jobId, status: "Running", ...notRecentOnDemand() },
        data: {
          status: "Interrupted",
          endedAt: now,
          error: "The process running this cycle stopped before it finished. The next cycle redoes its work.",
        },
      }),
      prisma.provisioningJob.updateMany({
        where: { id: jobId, leaseOwner: job.leaseOwner },
        data: { leaseOwner: null, leaseUntil: null, nextRunAt: now },
      }),
    ]);
    recovered++;
  }
  return recovered;
}

/** Running cycles that are not a recent on-demand run. */
export function notRecentOnDemand() {
  return { OR: [{ type: { not: "OnDemand" } }, { startedAt: { lt: new Date(Date.now() - 60_000) } }] };
}
