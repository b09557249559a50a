import type { Tx } from "../db/prisma";

export type DirectoryChangeKind =
  "Created" | "Updated" | "SoftDeleted" | "Restored" | "HardDeleted" | "MembersChanged" | "AssignmentChanged";

/**
 * Appends to the change sequence. Call it inside the transaction of every write that can change what a
 * provisioning job would send (directory objects, memberships, assignments): incremental cycles read
 * the rows after their watermark.
 */
export async function recordDirectoryChange(
  tx: Tx,
  change: { objectType: "User" | "Group"; objectId: string; kind: DirectoryChangeKind },
): Promise<void> {
  await tx.directoryChange.create({ data: change });
}

/** The same for many objects at once (imports, demo seeding). */
export async function recordDirectoryChanges(
  tx: Tx,
  changes: { objectType: "User" | "Group"; objectId: string; kind: DirectoryChangeKind }[],
): Promise<void> {
  if (changes.length > 0) await tx.directoryChange.createMany({ data: changes });
}
