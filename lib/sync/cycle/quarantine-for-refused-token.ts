import { databaseNow } from "../../db/database-clock";
import { prisma } from "../../db/prisma";
import { notifyJobFailure } from "../../notify/notify-job-failure";
import { quarantineJobUpdate } from "./decide-cycle-outcome";

/**
 * The target refused the Secret Token outside a scheduled cycle (provision on demand, the drift report):
 * the job is quarantined with InvalidCredentials as a cycle would quarantine it, so the admin sees why
 * and the schedule backs off. A job that is Off, Paused or not configured is left as it is (it sends
 * nothing on its own). Returns whether the job was quarantined.
 */
export async function quarantineForRefusedToken(jobId: string, cycleId: string | null): Promise<boolean> {
  const reason = "InvalidCredentials";
  const now = await databaseNow(); // nextRunAt is compared on the database's clock
  const quarantined = await prisma.$transaction(async (tx) => {
    const job = await tx.provisioningJob.findUnique({
      where: { id: jobId },
      select: { enabled: true, status: true, quarantineLevel: true, quarantineSince: true, consecutiveFailures: true },
    });
    if (!job || !job.enabled || !["NotRun", "Active", "Quarantine"].includes(job.status)) return false;
    await tx.provisioningJob.update({
      where: { id: jobId },
      data: {
        ...quarantineJobUpdate(job.quarantineLevel, job.quarantineSince, now, reason),
        consecutiveFailures: job.consecutiveFailures + 1,
      },
    });
    return true;
  });
  if (quarantined) {
    try {
      await notifyJobFailure({ jobId, kind: "Quarantine", reason, cycleId });
    } catch (e) {
      console.error("Could not send the provisioning failure notification:", e instanceof Error ? e.message : e);
    }
  }
  return quarantined;
}
