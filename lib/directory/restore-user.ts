import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { objectIdSchema } from "./directory-schemas";
import { loadUserForWrite } from "./load-user-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";

export const restoreUserInput = z.object({ id: objectIdSchema });

/** Brings a soft-deleted user back, with the same objectId, attributes and group memberships. */
export async function restoreUser(input: z.input<typeof restoreUserInput>, actor: string): Promise<void> {
  const { id } = restoreUserInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const user = await loadUserForWrite(tx, id, { allowDeleted: true });
    if (!user.deletedAt)
      throw new AppError(
        "directory.not_deleted",
        `${user.displayName} is not deleted, so there is nothing to restore.`,
      );
    await tx.directoryUser.update({ where: { id }, data: { deletedAt: null } });
    await recordDirectoryChange(tx, { objectType: "User", objectId: id, kind: "Restored" });
    await recordAuditEvent(tx, {
      actor,
      action: "directory.user.restored",
      details: { userId: id, userPrincipalName: user.userPrincipalName },
    });
  });
}
