import { prisma } from "../../db/prisma";
import type { ScimClient } from "../../scim/create-scim-client";
import type { JobContext } from "../store/load-job-context";

/**
 * The client learned in this cycle that the target refuses PATCH on users (405/501) and switched to PUT:
 * the job remembers it, so the next cycle process starts with PUT instead of sending PATCHes that are
 * refused again before it switches.
 */
export async function rememberPutOnlyTarget(ctx: JobContext, client: ScimClient): Promise<void> {
  if (ctx.job.userPatchRefusedAt || ctx.template.capabilities.userUpdateMethod === "PUT") return;
  if (!client.usesPut("Users")) return;
  await prisma.provisioningJob.updateMany({
    where: { id: ctx.jobId, userPatchRefusedAt: null },
    data: { userPatchRefusedAt: new Date() },
  });
}
