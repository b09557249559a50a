import { z } from "zod";
import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertSourceNameFree } from "./assert-source-name-free";
import { loadSourceForWrite } from "./load-source-for-write";
import { sourceIdSchema, sourceNameSchema, sourceStatusSchema } from "./source-schemas";

export const updateSourceInput = z.object({
  id: sourceIdSchema,
  name: sourceNameSchema.optional(),
  status: sourceStatusSchema.optional(),
});

/** Renames a source or turns it off and on. A disabled source's requests get 403; its objects stay. */
export async function updateSource(input: z.input<typeof updateSourceInput>, actor: string): Promise<void> {
  const { id, name, status } = updateSourceInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const source = await loadSourceForWrite(tx, id);
    const changes: Record<string, { from: string; to: string }> = {};
    if (name !== undefined && name !== source.name) {
      await assertSourceNameFree(tx, name, id);
      changes.name = { from: source.name, to: name };
    }
    if (status !== undefined && status !== source.status) changes.status = { from: source.status, to: status };
    if (Object.keys(changes).length === 0) return;
    await tx.source.update({ where: { id }, data: { name, status } });
    await recordAuditEvent(tx, { actor, action: "source.updated", details: { sourceId: id, ...changes } });
  });
}
