import type { DirectoryUser } from "@prisma/client";
import type { Tx } from "../db/prisma";
import { AppError } from "../errors";
import { sourceOwnedError } from "./source-owned-error";

/**
 * Reads a user inside a write, refusing a missing one and (unless allowed) a soft-deleted one, as Entra does.
 * Objects a source owns are refused too: they are read-only in Provisio.
 */
export async function loadUserForWrite(
  tx: Tx,
  id: string,
  opts: { allowDeleted?: boolean; allowSourceOwned?: boolean } = {},
): Promise<DirectoryUser> {
  const user = await tx.directoryUser.findUnique({ where: { id } });
  if (!user)
    throw new AppError("directory.user_not_found", "This user no longer exists. It may have been permanently deleted.");
  if (user.deletedAt && !opts.allowDeleted) {
    throw new AppError(
      "directory.user_deleted",
      `${user.displayName} is deleted. Restore the user before changing it.`,
    );
  }
  if (user.sourceId && !opts.allowSourceOwned) {
    throw await sourceOwnedError(tx, { displayName: user.displayName, sourceId: user.sourceId }, "user");
  }
  return user;
}
