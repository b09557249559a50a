import { z } from "zod";
import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { loadSourceForWrite } from "./load-source-for-write";
import { sourceIdSchema } from "./source-schemas";

export const deleteSourceInput = z.object({ id: sourceIdSchema });

/**
 * Removes a source, its tokens (so its IdP is refused from then on), activity and stored SCIM resources.
 * Its users and groups stay in the directory, released to Provisio: hand-made from now on and editable.
 * Nothing a target receives changes, so no directory change is recorded.
 */
export async function deleteSource(
  input: z.input<typeof deleteSourceInput>,
  actor: string,
): Promise<{ releasedUsers: number; releasedGroups: number }> {
  const { id } = deleteSourceInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const source = await loadSourceForWrite(tx, id);
    const released = { sourceId: null, sourceAnchor: null };
    const users = await tx.directoryUser.updateMany({ where: { sourceId: id }, data: released });
    const groups = await tx.directoryGroup.updateMany({ where: { sourceId: id }, data: released });
    await tx.source.delete({ where: { id } });
    await recordAuditEvent(tx, {
      actor,
      action: "source.deleted",
      details: { sourceId: id, name: source.name, releasedUsers: users.count, releasedGroups: groups.count },
    });
    return { releasedUsers: users.count, releasedGroups: groups.count };
  });
}
