import { z } from "zod";
import { prisma } from "../../db/prisma";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { AppError } from "../../errors";
import { databaseNow } from "../../db/database-clock";

export const allowDeletesOnceInput = z.object({ jobId: z.string().min(1) });

/**
 * "Allow deletes": approves the disables and deletes the accidental deletion threshold held, for the next
 * cycle only. The job leaves quarantine and is due now.
 */
export async function allowDeletesOnce(input: z.input<typeof allowDeletesOnceInput>, actor: string): Promise<void> {
  const { jobId } = allowDeletesOnceInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const job = await tx.provisioningJob.findUnique({
      where: { id: jobId },
      select: { applicationId: true, status: true, quarantineReason: true },
    });
    if (!job) throw new AppError("job.not_found", "This application has no provisioning job.");
    if (job.quarantineReason !== "TooManyDeletes") {
      throw new AppError(
        "deletes.nothing_held",
        "No deletes are waiting for approval: the job is not held by the accidental deletion threshold.",
      );
    }
    await tx.provisioningJob.update({
      where: { id: jobId },
      data: {
        allowDeletesOnce: true,
        status: "Active",
        quarantineReason: null,
        quarantineSince: null,
        quarantineLevel: 0,
        nextRunAt: await databaseNow(),
      },
    });
    await recordAuditEvent(tx, {
      actor,
      action: "provisioning.deletes_allowed_once",
      applicationId: job.applicationId,
    });
  });
}
