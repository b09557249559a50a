import { z } from "zod";
import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { findApplicationOrThrow } from "./find-application-or-throw";

export const deleteApplicationInput = z.object({ applicationId: z.string().min(1) });

/**
 * Deletes an application with its assignments, provisioning job, mappings, connector data store and logs
 * (database cascades). Nothing is deleted in the target application. The audit event is kept without an
 * application link, because the application's own events go with it.
 */
export async function deleteApplication(
  input: z.input<typeof deleteApplicationInput>,
  actor: string,
): Promise<{ name: string }> {
  const { applicationId } = deleteApplicationInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const app = await findApplicationOrThrow(tx, applicationId);
    const assignments = await tx.assignment.count({ where: { applicationId } });
    await tx.application.delete({ where: { id: applicationId } });
    await recordAuditEvent(tx, {
      actor,
      action: "application.deleted",
      applicationId: null,
      details: { applicationId, name: app.name, templateId: app.templateId, assignments },
    });
    return { name: app.name };
  });
}
