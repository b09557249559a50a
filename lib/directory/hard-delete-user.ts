import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { sourceOwnedError } from "./source-owned-error";
import { objectIdSchema } from "./directory-schemas";
import { loadUserForWrite } from "./load-user-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange, recordDirectoryChanges } from "./record-directory-change";

export const hardDeleteUserInput = z.object({ id: objectIdSchema });

/**
 * Permanently deletes a user. As in Entra, only a user already in "Deleted users" can be permanently
 * deleted. The user's memberships go with it, so each group it was in records a membership change.
 */
export async function hardDeleteUser(input: z.input<typeof hardDeleteUserInput>, actor: string): Promise<void> {
  const { id } = hardDeleteUserInput.parse(input);
  await prisma.$transaction(async (tx) => {
    // A deleted object of a source may be purged: its source has let go of it already.
    const user = await loadUserForWrite(tx, id, { allowDeleted: true, allowSourceOwned: true });
    if (user.sourceId && !user.deletedAt) {
      throw await sourceOwnedError(tx, { displayName: user.displayName, sourceId: user.sourceId }, "user");
    }
    if (!user.deletedAt) {
      throw new AppError(
        "directory.not_deleted",
        `Delete ${user.displayName} first. Only deleted users can be permanently deleted.`,
      );
    }
    const memberships = await tx.groupMembership.findMany({ where: { userId: id }, select: { groupId: true } });
    await tx.directoryUser.delete({ where: { id } });
    await recordDirectoryChange(tx, { objectType: "User", objectId: id, kind: "HardDeleted" });
    await recordAuditEvent(tx, {
      actor,
      action: "directory.user.permanentlyDeleted",
      details: { userId: id, userPrincipalName: user.userPrincipalName },
    });
    await recordDirectoryChanges(
      tx,
      memberships.map((m) => ({ objectType: "Group" as const, objectId: m.groupId, kind: "MembersChanged" as const })),
    );
  });
}
