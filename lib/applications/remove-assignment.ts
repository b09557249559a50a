import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "../directory/record-directory-change";
import { findApplicationOrThrow } from "./find-application-or-throw";
import { principalDisplayName } from "./principal-display-name";
import { principalTypeSchema } from "./principal-type";

export const removeAssignmentInput = z.object({
  applicationId: z.string().min(1),
  assignmentId: z.string().min(1),
});

/**
 * Removes an assignment. With the "assigned users and groups" scope the next cycle deprovisions the
 * principal, which is why the change sequence records it.
 */
export async function removeAssignment(input: z.input<typeof removeAssignmentInput>, actor: string): Promise<void> {
  const { applicationId, assignmentId } = removeAssignmentInput.parse(input);
  await prisma.$transaction(async (tx) => {
    await findApplicationOrThrow(tx, applicationId);
    const assignment = await tx.assignment.findFirst({ where: { id: assignmentId, applicationId } });
    if (!assignment)
      throw new AppError(
        "assignment.not_found",
        "This assignment was already removed. Reload the page to see the current list.",
      );
    const objectType = principalTypeSchema.parse(assignment.principalType);
    // Read before the delete: the audit entry names who was removed, not only their id.
    const displayName = await principalDisplayName(tx, objectType, assignment.principalId);
    await tx.assignment.delete({ where: { id: assignment.id } });
    await recordDirectoryChange(tx, { objectType, objectId: assignment.principalId, kind: "AssignmentChanged" });
    await recordAuditEvent(tx, {
      actor,
      action: "assignment.removed",
      applicationId,
      details: {
        principalType: objectType,
        principalId: assignment.principalId,
        displayName: displayName ?? "(no longer in the directory)",
        appRole: assignment.appRole,
      },
    });
  });
}
