import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { objectIdSchema } from "./directory-schemas";
import { loadGroupForWrite } from "./load-group-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";

export const restoreGroupInput = z.object({ id: objectIdSchema });

/** Brings a soft-deleted group back with its objectId and members. */
export async function restoreGroup(input: z.input<typeof restoreGroupInput>, actor: string): Promise<void> {
  const { id } = restoreGroupInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const group = await loadGroupForWrite(tx, id, { allowDeleted: true });
    if (!group.deletedAt)
      throw new AppError(
        "directory.not_deleted",
        `${group.displayName} is not deleted, so there is nothing to restore.`,
      );
    await tx.directoryGroup.update({ where: { id }, data: { deletedAt: null } });
    await recordDirectoryChange(tx, { objectType: "Group", objectId: id, kind: "Restored" });
    await recordAuditEvent(tx, {
      actor,
      action: "directory.group.restored",
      details: { groupId: id, displayName: group.displayName },
    });
  });
}
