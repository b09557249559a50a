import { databaseNow } from "../db/database-clock";
import { prisma } from "../db/prisma";
import { env } from "../env";
import { notifyJobFailure } from "../notify/notify-job-failure";
import { isDeadOwner } from "../sync/cycle/cycle-lease";

/**
 * A cycle process that stopped without an answer (out of memory, killed, crashed) failed its cycle, like a
 * cycle that throws in-process: the cycle is marked Failed with the reason, the job counts the failure,
 * releases the dead process's lease and waits its interval before the next try (the watermark did not
 * advance, so that cycle redoes the work), and the notification email goes out. Without this the job
 * would be due again at once, and a cycle that always runs out of memory would restart every few seconds.
 * A lease held by a live process (another server, a CLI run) is left alone.
 */
export async function recordCycleProcessFailure(jobId: string, reason: string): Promise<boolean> {
  const job = await prisma.provisioningJob.findUnique({
    where: { id: jobId },
    select: { cycleIntervalMinutes: true, leaseOwner: true },
  });
  if (!job || !isDeadOwner(job.leaseOwner)) return false;
  const now = await databaseNow(); // nextRunAt is compared on the database's clock
  const intervalMs = (job.cycleIntervalMinutes ?? env().PROVISIO_CYCLE_INTERVAL_MINUTES) * 60_000;
  const running = await prisma.cycle.findFirst({
    where: { jobId, status: "Running", type: { not: "OnDemand" } },
    orderBy: { startedAt: "desc" },
    select: { id: true },
  });
  const error = `${reason} The next cycle redoes its work.`.slice(0, 2000);
  await prisma.$transaction([
    prisma.cycle.updateMany({
      where: { jobId, status: "Running", type: { not: "OnDemand" } },
      data: { status: "Failed", endedAt: now, error },
    }),
    prisma.provisioningJob.updateMany({
      where: { id: jobId, leaseOwner: job.leaseOwner },
      data: {
        leaseOwner: null,
        leaseUntil: null,
        consecutiveFailures: { increment: 1 },
        nextRunAt: new Date(now.getTime() + intervalMs),
        lastCycleEndedAt: now,
      },
    }),
  ]);
  try {
    await notifyJobFailure({ jobId, kind: "CycleFailed", reason: error, cycleId: running?.id ?? null });
  } catch (e) {
    console.error("Could not send the provisioning failure notification:", e instanceof Error ? e.message : e);
  }
  return true;
}
