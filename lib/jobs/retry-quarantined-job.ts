import { z } from "zod";
import { quarantineRetryReady } from "../applications/provisioning/quarantine-retry-ready";
import { recordAuditEvent } from "../audit/record-audit-event";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { wakeScheduler } from "./scheduler";
import { databaseNow } from "../db/database-clock";

export const retryQuarantinedJobInput = z.object({ jobId: z.string().min(1) });

/**
 * "Retry now": after Test Connection passed on a quarantined job, it leaves quarantine and its next cycle
 * runs now (through the scheduler's wake path, the one entry point for this action), instead of waiting
 * for the quarantine backoff. The watermark is kept, so the cycle redoes what the quarantine stopped.
 */
export async function retryQuarantinedJob(
  input: z.input<typeof retryQuarantinedJobInput>,
  actor: string,
): Promise<void> {
  const { jobId } = retryQuarantinedJobInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const job = await tx.provisioningJob.findUnique({ where: { id: jobId } });
    if (!job) throw new AppError("job.not_found", "This application has no provisioning job.");
    if (job.status !== "Quarantine") throw new AppError("retry.not_quarantined", "Provisioning is not in quarantine.");
    if (job.quarantineReason === "TooManyDeletes")
      throw new AppError("retry.deletes_held", "The deletes held by the threshold need Allow deletes, or a restart.");
    if (!quarantineRetryReady(job))
      throw new AppError(
        "retry.test_first",
        "Run Test Connection with the saved Tenant URL and Secret Token first. Retry now is offered once it passes.",
      );
    await tx.provisioningJob.update({
      where: { id: jobId },
      data: {
        status: "Active",
        quarantineReason: null,
        quarantineSince: null,
        quarantineLevel: 0,
        consecutiveFailures: 0,
        nextRunAt: await databaseNow(),
      },
    });
    await recordAuditEvent(tx, {
      actor,
      action: "provisioning.retried",
      applicationId: job.applicationId,
      details: { reason: job.quarantineReason },
    });
  });
  wakeScheduler();
}
