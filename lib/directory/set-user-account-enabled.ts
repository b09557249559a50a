import { z } from "zod";
import { prisma } from "../db/prisma";
import { objectIdSchema } from "./directory-schemas";
import { loadUserForWrite } from "./load-user-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";

export const setUserAccountEnabledInput = z.object({ id: objectIdSchema, accountEnabled: z.boolean() });

/** Blocks or allows sign-in (`accountEnabled`). Provisioning then disables or enables the user in apps. */
export async function setUserAccountEnabled(
  input: z.input<typeof setUserAccountEnabledInput>,
  actor: string,
): Promise<{ changed: boolean }> {
  const { id, accountEnabled } = setUserAccountEnabledInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const user = await loadUserForWrite(tx, id);
    if (user.accountEnabled === accountEnabled) return { changed: false };
    await tx.directoryUser.update({ where: { id }, data: { accountEnabled } });
    await recordDirectoryChange(tx, { objectType: "User", objectId: id, kind: "Updated" });
    await recordAuditEvent(tx, {
      actor,
      action: accountEnabled ? "directory.user.enabled" : "directory.user.disabled",
      details: { userId: id, userPrincipalName: user.userPrincipalName },
    });
    return { changed: true };
  });
}
