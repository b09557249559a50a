import { z } from "zod";
import { isPrismaError } from "../db/prisma-errors";
import { prisma, type Tx } from "../db/prisma";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "../directory/record-directory-change";
import { findApplicationOrThrow } from "./find-application-or-throw";
import { principalTypeSchema, type PrincipalType } from "./principal-type";
import { resolveAppRole } from "./resolve-app-role";

export const assignPrincipalInput = z.object({
  applicationId: z.string().min(1),
  principalType: principalTypeSchema,
  principalId: z.string().trim().min(1, "Choose a user or group"),
  appRole: z.string().trim().min(1, "Choose an app role"),
});

async function principalName(tx: Tx, type: PrincipalType, id: string): Promise<string> {
  if (type === "User") {
    const user = await tx.directoryUser.findUnique({ where: { id }, select: { displayName: true, deletedAt: true } });
    if (!user)
      throw new AppError("assignment.principal_not_found", "That user is not in the directory.", {
        principalId: "Choose a user or group",
      });
    if (user.deletedAt) {
      throw new AppError(
        "assignment.principal_deleted",
        `${user.displayName} is deleted in the directory. Restore the user before assigning it.`,
        {
          principalId: "This user is deleted",
        },
      );
    }
    return user.displayName;
  }
  const group = await tx.directoryGroup.findUnique({ where: { id }, select: { displayName: true, deletedAt: true } });
  if (!group)
    throw new AppError("assignment.principal_not_found", "That group is not in the directory.", {
      principalId: "Choose a user or group",
    });
  if (group.deletedAt) {
    throw new AppError(
      "assignment.principal_deleted",
      `${group.displayName} is deleted in the directory. Restore the group before assigning it.`,
      {
        principalId: "This group is deleted",
      },
    );
  }
  return group.displayName;
}

function duplicateError(name: string, appName: string, role: string): AppError {
  return new AppError(
    "assignment.duplicate",
    `${name} is already assigned to ${appName} with the role "${role}". Change its role in the list instead.`,
    { principalId: "Already assigned" },
  );
}

/**
 * Assigns a directory user or group to an application with an app role. The change sequence gets an
 * AssignmentChanged row, so the next incremental cycle picks the principal up.
 */
export async function assignPrincipal(
  input: z.input<typeof assignPrincipalInput>,
  actor: string,
): Promise<{ id: string }> {
  const { applicationId, principalType, principalId, appRole } = assignPrincipalInput.parse(input);
  try {
    return await prisma.$transaction((tx) =>
      assignPrincipalInTx(tx, { applicationId, principalType, principalId, appRole }, actor),
    );
  } catch (e) {
    // Two admins assigning the same principal at once: the unique index decides.
    if (isPrismaError(e, "P2002")) {
      throw new AppError("assignment.duplicate", "This user or group is already assigned to the application.", {
        principalId: "Already assigned",
      });
    }
    throw e;
  }
}

/** The same inside a caller's transaction (demo seeding). */
export async function assignPrincipalInTx(
  tx: Tx,
  input: z.output<typeof assignPrincipalInput>,
  actor: string,
): Promise<{ id: string }> {
  const { applicationId, principalType, principalId, appRole } = input;
  const app = await findApplicationOrThrow(tx, applicationId);
  const role = resolveAppRole(app.templateId, appRole);
  const name = await principalName(tx, principalType, principalId);
  const existing = await tx.assignment.findUnique({
    where: { applicationId_principalType_principalId: { applicationId, principalType, principalId } },
  });
  if (existing) throw duplicateError(name, app.name, existing.appRole);
  const assignment = await tx.assignment.create({ data: { applicationId, principalType, principalId, appRole: role } });
  await recordDirectoryChange(tx, { objectType: principalType, objectId: principalId, kind: "AssignmentChanged" });
  await recordAuditEvent(tx, {
    actor,
    action: "assignment.added",
    applicationId,
    details: { principalType, principalId, displayName: name, appRole: role },
  });
  return { id: assignment.id };
}
