import { prisma } from "../db/prisma";

/** A few directory objects for tests, written directly (these tests are about assignments, not the directory). */
export async function makeUser(name: string, extra: { accountEnabled?: boolean; deletedAt?: Date | null } = {}) {
  const nick = name.toLowerCase().replace(/[^a-z0-9]+/g, ".");
  return prisma.directoryUser.create({
    data: { displayName: name, userPrincipalName: `${nick}@contoso.test`, mailNickname: nick, ...extra },
  });
}

export async function makeGroup(name: string, extra: { deletedAt?: Date | null } = {}) {
  return prisma.directoryGroup.create({ data: { displayName: name, ...extra } });
}
