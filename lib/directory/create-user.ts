import { type z } from "zod";
import { prisma } from "../db/prisma";
import { mailNicknameFromUpn, userAttributesSchema } from "./directory-schemas";
import { recordDirectoryChange } from "./record-directory-change";
import { assertUpnAvailable, isUniqueViolation, upnTakenError } from "./upn-availability";

export const createUserInput = userAttributesSchema;

/** Creates a user in the source directory (enabled unless told otherwise). */
export async function createUser(input: z.input<typeof createUserInput>): Promise<{ id: string }> {
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
      return { id: user.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw upnTakenError(data.userPrincipalName);
    throw e;
  }
}
