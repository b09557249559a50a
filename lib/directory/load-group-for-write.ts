import type { DirectoryGroup } from "@prisma/client";
import type { Tx } from "../db/prisma";
import { AppError } from "../errors";
import { sourceOwnedError } from "./source-owned-error";

/** Reads a group inside a write, refusing a missing one, (unless allowed) a deleted one, and one a source owns. */
export async function loadGroupForWrite(
  tx: Tx,
  id: string,
  opts: { allowDeleted?: boolean; allowSourceOwned?: boolean } = {},
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
  if (group.sourceId && !opts.allowSourceOwned) {
    throw await sourceOwnedError(tx, { displayName: group.displayName, sourceId: group.sourceId }, "group");
  }
  return group;
}
