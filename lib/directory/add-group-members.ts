import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { objectIdSchema } from "./directory-schemas";
import { loadGroupForWrite } from "./load-group-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";

export const addGroupMembersInput = z.object({
  groupId: objectIdSchema,
  userIds: z
    .array(objectIdSchema)
    .min(1, "Choose at least one user to add")
    .max(1000, "Add at most 1,000 members at a time"),
});

/** Adds users to a group. Users already in it are skipped; deleted users cannot be added. */
export async function addGroupMembers(
  input: z.input<typeof addGroupMembersInput>,
  actor: string,
): Promise<{ added: number }> {
  const { groupId, userIds } = addGroupMembersInput.parse(input);
  const wanted = [...new Set(userIds)];
  return prisma.$transaction(async (tx) => {
    const group = await loadGroupForWrite(tx, groupId);
    const users = await tx.directoryUser.findMany({
      where: { id: { in: wanted } },
      select: { id: true, displayName: true, deletedAt: true },
    });
    if (users.length !== wanted.length)
      throw new AppError(
        "directory.member_not_found",
        "Some of the chosen users no longer exist. Search again and retry.",
      );
    const deleted = users.filter((u) => u.deletedAt);
    if (deleted.length > 0) {
      throw new AppError(
        "directory.user_deleted",
        `Deleted users cannot be added to a group: ${deleted.map((u) => u.displayName).join(", ")}. Restore them first.`,
      );
    }
    const existing = await tx.groupMembership.findMany({
      where: { groupId, userId: { in: wanted } },
      select: { userId: true },
    });
    const already = new Set(existing.map((m) => m.userId));
    const toAdd = wanted.filter((id) => !already.has(id));
    if (toAdd.length === 0) return { added: 0 };
    await tx.groupMembership.createMany({ data: toAdd.map((userId) => ({ groupId, userId })) });
    await recordDirectoryChange(tx, { objectType: "Group", objectId: groupId, kind: "MembersChanged" });
    await recordAuditEvent(tx, {
      actor,
      action: "directory.group.membersAdded",
      details: { groupId, displayName: group.displayName, added: toAdd.length, userIds: toAdd },
    });
    return { added: toAdd.length };
  });
}
