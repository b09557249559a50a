import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";

/** Deletes every user and group the built-in sandbox holds (the token stays). One transaction. */
export async function resetSandbox(actor: string): Promise<{ users: number; groups: number }> {
  return prisma.$transaction(async (tx) => {
    const groups = await tx.sandboxGroup.deleteMany();
    const users = await tx.sandboxUser.deleteMany();
    await recordAuditEvent(tx, {
      actor,
      action: "sandbox.reset",
      details: { users: users.count, groups: groups.count },
    });
    return { users: users.count, groups: groups.count };
  });
}
