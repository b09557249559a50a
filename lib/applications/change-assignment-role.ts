import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "../directory/record-directory-change";
import { findApplicationOrThrow } from "./find-application-or-throw";
import { resolveAppRole } from "./resolve-app-role";
import { principalDisplayName } from "./principal-display-name";
import { principalTypeSchema } from "./principal-type";

export const changeAssignmentRoleInput = z.object({
  applicationId: z.string().min(1),
  assignmentId: z.string().min(1),
  appRole: z.string().trim().min(1, "Choose an app role"),
});

/**
 * Changes the app role of an assignment. Moving to or from "Default Access" moves the principal out of or
 * into provisioning scope, so the change sequence records it.
 */
export async function changeAssignmentRole(
  input: z.input<typeof changeAssignmentRoleInput>,
  actor: string,
): Promise<{ changed: boolean }> {
  const { applicationId, assignmentId, appRole } = changeAssignmentRoleInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const app = await findApplicationOrThrow(tx, applicationId);
    const role = resolveAppRole(app.templateId, appRole);
    const assignment = await tx.assignment.findFirst({ where: { id: assignmentId, applicationId } });
    if (!assignment)
      throw new AppError(
        "assignment.not_found",
        "This assignment no longer exists. Reload the page to see the current list.",
      );
    if (assignment.appRole === role) return { changed: false };
    await tx.assignment.update({ where: { id: assignment.id }, data: { appRole: role } });
    const objectType = principalTypeSchema.parse(assignment.principalType);
    await recordDirectoryChange(tx, { objectType, objectId: assignment.principalId, kind: "AssignmentChanged" });
    await recordAuditEvent(tx, {
      actor,
      action: "assignment.roleChanged",
      applicationId,
      details: {
        principalType: objectType,
        principalId: assignment.principalId,
        displayName:
          (await principalDisplayName(tx, objectType, assignment.principalId)) ?? "(no longer in the directory)",
        from: assignment.appRole,
        to: role,
      },
    });
    return { changed: true };
  });
}
