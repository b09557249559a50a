import type { DirectoryGroup } from "@prisma/client";
import type { Tx } from "../db/prisma";
import { AppError } from "../errors";

/** Reads a group inside a write, refusing a missing one and (unless allowed) a deleted one. */
export async function loadGroupForWrite(
  tx: Tx,
  id: string,
  opts: { allowDeleted?: boolean } = {},
): Promise<DirectoryGroup> {
  const group = await tx.directoryGroup.findUnique({ where: { id } });
  if (!group)
    throw new AppError(
      "directory.group_not_found",
      "This group no longer exists. It may have been permanently deleted.",
    );
  if (group.deletedAt && !opts.allowDeleted) {
    throw new AppError(
      "directory.group_deleted",
      `${group.displayName} is deleted. Restore the group before changing it.`,
    );
  }
  return group;
}
