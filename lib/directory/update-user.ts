import { type z } from "zod";
import { prisma } from "../db/prisma";
import { objectIdSchema, userAttributesSchema } from "./directory-schemas";
import { loadUserForWrite } from "./load-user-for-write";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";
import { assertUpnAvailable, isUniqueViolation, upnTakenError } from "./upn-availability";

export const updateUserInput = userAttributesSchema.partial().extend({ id: objectIdSchema });

/**
 * Changes a user's attributes. Attributes left out stay as they are; empty ones are cleared. A change is
 * recorded only when something actually changed, so provisioning has no empty work.
 */
export async function updateUser(
  input: z.input<typeof updateUserInput>,
  actor: string,
): Promise<{ id: string; changed: string[] }> {
  const { id, ...patch } = updateUserInput.parse(input);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await loadUserForWrite(tx, id);
      const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter(
        (k) => patch[k] !== undefined && patch[k] !== user[k],
      );
      if (changed.length === 0) return { id, changed };
      if (patch.userPrincipalName !== undefined && patch.userPrincipalName !== user.userPrincipalName) {
        await assertUpnAvailable(tx, patch.userPrincipalName, id);
      }
      await tx.directoryUser.update({ where: { id }, data: patch });
      await recordDirectoryChange(tx, { objectType: "User", objectId: id, kind: "Updated" });
      await recordAuditEvent(tx, {
        actor,
        action: "directory.user.updated",
        details: { userId: id, userPrincipalName: patch.userPrincipalName ?? user.userPrincipalName, changed },
      });
      return { id, changed };
    });
  } catch (e) {
    if (isUniqueViolation(e) && patch.userPrincipalName) throw upnTakenError(patch.userPrincipalName);
    throw e;
  }
}
