import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { sourceOwnedError } from "./source-owned-error";
import { objectIdSchema } from "./directory-schemas";
import { loadGroupForWrite } from "./load-group-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";

export const hardDeleteGroupInput = z.object({ id: objectIdSchema });

/** Permanently deletes a group that is already deleted; its memberships go with it. */
export async function hardDeleteGroup(input: z.input<typeof hardDeleteGroupInput>, actor: string): Promise<void> {
  const { id } = hardDeleteGroupInput.parse(input);
  await prisma.$transaction(async (tx) => {
    // A deleted object of a source may be purged: its source has let go of it already.
    const group = await loadGroupForWrite(tx, id, { allowDeleted: true, allowSourceOwned: true });
    if (group.sourceId && !group.deletedAt) {
      throw await sourceOwnedError(tx, { displayName: group.displayName, sourceId: group.sourceId }, "group");
    }
    if (!group.deletedAt) {
      throw new AppError(
        "directory.not_deleted",
        `Delete ${group.displayName} first. Only deleted groups can be permanently deleted.`,
      );
    }
    await tx.directoryGroup.delete({ where: { id } });
    await recordDirectoryChange(tx, { objectType: "Group", objectId: id, kind: "HardDeleted" });
    await recordAuditEvent(tx, {
      actor,
      action: "directory.group.permanentlyDeleted",
      details: { groupId: id, displayName: group.displayName },
    });
  });
}
