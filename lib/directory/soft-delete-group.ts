import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { objectIdSchema } from "./directory-schemas";
import { loadGroupForWrite } from "./load-group-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";

export const softDeleteGroupInput = z.object({ id: objectIdSchema });

/** Moves a group to "Deleted groups"; it keeps its members and can be restored until permanently deleted. */
export async function softDeleteGroup(input: z.input<typeof softDeleteGroupInput>, actor: string): Promise<void> {
  const { id } = softDeleteGroupInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const group = await loadGroupForWrite(tx, id, { allowDeleted: true });
    if (group.deletedAt) throw new AppError("directory.already_deleted", `${group.displayName} is already deleted.`);
    await tx.directoryGroup.update({ where: { id }, data: { deletedAt: new Date() } });
    await recordDirectoryChange(tx, { objectType: "Group", objectId: id, kind: "SoftDeleted" });
    await recordAuditEvent(tx, {
      actor,
      action: "directory.group.deleted",
      details: { groupId: id, displayName: group.displayName },
    });
  });
}
