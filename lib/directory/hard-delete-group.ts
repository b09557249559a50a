import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { objectIdSchema } from "./directory-schemas";
import { loadGroupForWrite } from "./load-group-for-write";
import { recordDirectoryChange } from "./record-directory-change";

export const hardDeleteGroupInput = z.object({ id: objectIdSchema });

/** Permanently deletes a group that is already deleted; its memberships go with it. */
export async function hardDeleteGroup(input: z.input<typeof hardDeleteGroupInput>): Promise<void> {
  const { id } = hardDeleteGroupInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const group = await loadGroupForWrite(tx, id, { allowDeleted: true });
    if (!group.deletedAt) {
      throw new AppError(
        "directory.not_deleted",
        `Delete ${group.displayName} first. Only deleted groups can be permanently deleted.`,
      );
    }
    await tx.directoryGroup.delete({ where: { id } });
    await recordDirectoryChange(tx, { objectType: "Group", objectId: id, kind: "HardDeleted" });
  });
}
