import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { objectIdSchema } from "./directory-schemas";
import { loadUserForWrite } from "./load-user-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";

export const softDeleteUserInput = z.object({ id: objectIdSchema });

/**
 * Moves a user to "Deleted users", as Entra does: the user can be restored (with group memberships intact)
 * until permanently deleted. Provisioning treats the user as soft-deleted (IsSoftDeleted).
 */
export async function softDeleteUser(input: z.input<typeof softDeleteUserInput>, actor: string): Promise<void> {
  const { id } = softDeleteUserInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const user = await loadUserForWrite(tx, id, { allowDeleted: true });
    if (user.deletedAt) throw new AppError("directory.already_deleted", `${user.displayName} is already deleted.`);
    await tx.directoryUser.update({ where: { id }, data: { deletedAt: new Date() } });
    await recordDirectoryChange(tx, { objectType: "User", objectId: id, kind: "SoftDeleted" });
    await recordAuditEvent(tx, {
      actor,
      action: "directory.user.deleted",
      details: { userId: id, userPrincipalName: user.userPrincipalName },
    });
  });
}
