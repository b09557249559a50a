import { z } from "zod";
import { prisma } from "../../db/prisma";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { AppError } from "../../errors";
import { databaseNow } from "../../db/database-clock";

export const restartProvisioningInput = z.object({ jobId: z.string().min(1) });

/**
 * Restart provisioning, as in Entra: clears the watermark, the quarantine and the failure counts, keeps the
 * connector data store (the links to target objects), and makes the next cycle an initial one, due now.
 */
export async function restartProvisioning(
  input: z.input<typeof restartProvisioningInput>,
  actor: string,
): Promise<void> {
  const { jobId } = restartProvisioningInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const job = await tx.provisioningJob.findUnique({
      where: { id: jobId },
      select: { applicationId: true, status: true },
    });
    if (!job) throw new AppError("job.not_found", "This application has no provisioning job.");
    await tx.provisioningJob.update({
      where: { id: jobId },
      data: {
        watermark: 0,
        fullSyncRequired: true,
        allowDeletesOnce: false,
        quarantineReason: null,
        quarantineSince: null,
        quarantineLevel: 0,
        consecutiveFailures: 0,
        nextRunAt: await databaseNow(),
        status: job.status === "Quarantine" ? "Active" : job.status,
      },
    });
    await tx.connectorObject.updateMany({
      where: { jobId, lastStatus: { in: ["Failure", "Staged"] } },
      data: { lastStatus: null, failureCount: 0, lastError: null },
    });
    await recordAuditEvent(tx, { actor, action: "provisioning.restarted", applicationId: job.applicationId });
  });
}
