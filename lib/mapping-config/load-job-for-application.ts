import type { Tx } from "../db/prisma";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";

/** The provisioning job of an application, or an admin-readable error when there is no such application. */
export async function loadJobForApplication(applicationId: string, tx: Tx = prisma) {
  const job = await tx.provisioningJob.findUnique({
    where: { applicationId },
    include: { application: { select: { id: true, name: true, templateId: true } } },
  });
  if (!job) throw new AppError("application.not_found", "This application does not exist (it may have been deleted).");
  return job;
}
