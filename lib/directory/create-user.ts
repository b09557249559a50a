import { type z } from "zod";
import { prisma } from "../db/prisma";
import { mailNicknameFromUpn, userAttributesSchema } from "./directory-schemas";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChange } from "./record-directory-change";
import { assertUpnAvailable, isUniqueViolation, upnTakenError } from "./upn-availability";

/** The names of the attributes a create gave a value: never their values. */
function setAttributes(data: Record<string, unknown>): string[] {
  return Object.keys(data).filter((k) => data[k] !== undefined && data[k] !== null && data[k] !== "");
}

export const createUserInput = userAttributesSchema;

/** Creates a user in the source directory (enabled unless told otherwise). */
export async function createUser(input: z.input<typeof createUserInput>, actor: string): Promise<{ id: string }> {
  const data = createUserInput.parse(input);
  try {
    return await prisma.$transaction(async (tx) => {
      await assertUpnAvailable(tx, data.userPrincipalName);
      const user = await tx.directoryUser.create({
        data: {
          ...data,
          mailNickname: data.mailNickname ?? mailNicknameFromUpn(data.userPrincipalName),
          accountEnabled: data.accountEnabled ?? true,
        },
      });
      await recordDirectoryChange(tx, { objectType: "User", objectId: user.id, kind: "Created" });
      await recordAuditEvent(tx, {
        actor,
        action: "directory.user.created",
        details: { userId: user.id, userPrincipalName: user.userPrincipalName, attributes: setAttributes(data) },
      });
      return { id: user.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw upnTakenError(data.userPrincipalName);
    throw e;
  }
}
