import { prisma } from "../../db/prisma";

/** The provisioning job id of an application (for the engine's components), or null when it has none. */
export async function findJobIdForApplication(applicationId: string): Promise<string | null> {
  const job = await prisma.provisioningJob.findUnique({ where: { applicationId }, select: { id: true } });
  return job?.id ?? null;
}
