import { z } from "zod";
import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { findApplicationOrThrow } from "./find-application-or-throw";
import { createApplicationInput } from "./create-application";

export const renameApplicationInput = z.object({
  applicationId: z.string().min(1),
  name: createApplicationInput.shape.name,
});

/** Renames an application. The name is only a label: nothing is sent to the target. */
export async function renameApplication(
  input: z.input<typeof renameApplicationInput>,
  actor: string,
): Promise<{ changed: boolean }> {
  const { applicationId, name } = renameApplicationInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const app = await findApplicationOrThrow(tx, applicationId);
    if (app.name === name) return { changed: false };
    await tx.application.update({ where: { id: applicationId }, data: { name } });
    await recordAuditEvent(tx, {
      actor,
      action: "application.renamed",
      applicationId,
      details: { from: app.name, to: name },
    });
    return { changed: true };
  });
}
