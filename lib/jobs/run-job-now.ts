import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { wakeScheduler } from "./scheduler";
import { databaseNow } from "../db/database-clock";

export const runJobNowInput = z.object({ jobId: z.string().min(1) });

/**
 * "Run now": the job's next cycle starts now instead of at its scheduled time, through the scheduler's
 * wake path (the one entry point for this action; a job queue can take its place). That cycle is
 * incremental unless a change asks for an initial one (a restart, a new mapping or scope). A job that is
 * Off, in quarantine or already running a cycle is refused with the reason.
 */
export async function runJobNow(input: z.input<typeof runJobNowInput>, actor: string): Promise<void> {
  const { jobId } = runJobNowInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const job = await tx.provisioningJob.findUnique({
      where: { id: jobId },
      select: { applicationId: true, enabled: true, status: true, quarantineReason: true, leaseUntil: true },
    });
    if (!job) throw new AppError("job.not_found", "This application has no provisioning job.");
    if (!job.enabled || job.status === "NotConfigured" || job.status === "Paused")
      throw new AppError("run_now.off", "Provisioning is Off. Turn Provisioning Status On and save to run cycles.");
    if (job.status === "Quarantine")
      throw new AppError(
        "run_now.quarantined",
        job.quarantineReason === "TooManyDeletes"
          ? "Provisioning is held by the accidental deletion threshold. Allow the deletes, or restart provisioning."
          : "Provisioning is in quarantine. Fix the cause and pass Test Connection, then choose Retry now.",
      );
    // The lease alone is not enough to refuse: it is held for a moment before a cycle's row exists and after
    // the cycle has ended (notifications), when the status card already shows no running cycle. A cycle that is
    // starting or ending runs with (or has just run with) every change, and the one set here follows it.
    const running =
      job.leaseUntil && job.leaseUntil > (await databaseNow())
        ? await tx.cycle.count({ where: { jobId, status: "Running" } })
        : 0;
    if (running > 0)
      throw new AppError(
        "cycle.running",
        "A provisioning cycle is already running for this application. Wait for it to finish.",
      );
    await tx.provisioningJob.update({ where: { id: jobId }, data: { nextRunAt: await databaseNow() } });
    await recordAuditEvent(tx, { actor, action: "provisioning.run_now", applicationId: job.applicationId });
  });
  wakeScheduler();
}
