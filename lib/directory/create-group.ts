import { type z } from "zod";
import { prisma } from "../db/prisma";
import { groupAttributesSchema } from "./directory-schemas";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";

export const createGroupInput = groupAttributesSchema;

/** Creates a group (a security group unless told otherwise). */
export async function createGroup(input: z.input<typeof createGroupInput>, actor: string): Promise<{ id: string }> {
  const data = createGroupInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const group = await tx.directoryGroup.create({
      data: { ...data, securityEnabled: data.securityEnabled ?? true, mailEnabled: data.mailEnabled ?? false },
    });
    await recordDirectoryChange(tx, { objectType: "Group", objectId: group.id, kind: "Created" });
    await recordAuditEvent(tx, {
      actor,
      action: "directory.group.created",
      details: { groupId: group.id, displayName: group.displayName },
    });
    return { id: group.id };
  });
}
