import { z } from "zod";
import { prisma } from "../db/prisma";
import { objectIdSchema } from "./directory-schemas";
import { loadGroupForWrite } from "./load-group-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";

export const removeGroupMembersInput = z.object({
  groupId: objectIdSchema,
  userIds: z.array(objectIdSchema).min(1, "Choose at least one member to remove").max(1000),
});

/** Removes users from a group; users who are not members are ignored. */
export async function removeGroupMembers(
  input: z.input<typeof removeGroupMembersInput>,
  actor: string,
): Promise<{ removed: number }> {
  const { groupId, userIds } = removeGroupMembersInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const group = await loadGroupForWrite(tx, groupId);
    const { count } = await tx.groupMembership.deleteMany({
      where: { groupId, userId: { in: [...new Set(userIds)] } },
    });
    if (count === 0) return { removed: 0 };
    await recordDirectoryChange(tx, { objectType: "Group", objectId: groupId, kind: "MembersChanged" });
    await recordAuditEvent(tx, {
      actor,
      action: "directory.group.membersRemoved",
      details: { groupId, displayName: group.displayName, removed: count },
    });
    return { removed: count };
  });
}
