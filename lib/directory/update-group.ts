import { type z } from "zod";
import { prisma } from "../db/prisma";
import { groupAttributesSchema, objectIdSchema } from "./directory-schemas";
import { loadGroupForWrite } from "./load-group-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";

export const updateGroupInput = groupAttributesSchema.partial().extend({ id: objectIdSchema });

/** Changes a group's attributes; left-out attributes stay, empty ones are cleared. */
export async function updateGroup(
  input: z.input<typeof updateGroupInput>,
  actor: string,
): Promise<{ id: string; changed: string[] }> {
  const { id, ...patch } = updateGroupInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const group = await loadGroupForWrite(tx, id);
    const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter(
      (k) => patch[k] !== undefined && patch[k] !== group[k],
    );
    if (changed.length === 0) return { id, changed };
    await tx.directoryGroup.update({ where: { id }, data: patch });
    await recordDirectoryChange(tx, { objectType: "Group", objectId: id, kind: "Updated" });
    await recordAuditEvent(tx, {
      actor,
      action: "directory.group.updated",
      details: { groupId: id, displayName: patch.displayName ?? group.displayName, changed },
    });
    return { id, changed };
  });
}
