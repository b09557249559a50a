import type { DirectoryUser } from "@prisma/client";
import { prisma } from "../db/prisma";
import { objectIdSchema } from "./directory-schemas";

export type UserWithMemberships = DirectoryUser & {
  memberships: { groupId: string; displayName: string; deleted: boolean; addedAt: Date }[];
  /** The source that owns the user (read-only in Provisio); null for users made in Provisio. */
  source: { id: string; name: string; kind: string } | null;
  manager: { id: string; displayName: string } | null;
};

/** A user with every attribute and the groups it belongs to; null when there is no such user. */
export async function getUser(id: string): Promise<UserWithMemberships | null> {
  const parsed = objectIdSchema.safeParse(id);
  if (!parsed.success) return null;
  const user = await prisma.directoryUser.findUnique({
    where: { id: parsed.data },
    include: {
      memberships: { include: { group: { select: { displayName: true, deletedAt: true } } } },
      source: { select: { id: true, name: true, kind: true } },
    },
  });
  if (!user) return null;
  const manager = user.managerId
    ? await prisma.directoryUser.findUnique({ where: { id: user.managerId }, select: { id: true, displayName: true } })
    : null;
  const { memberships, ...rest } = user;
  return {
    ...rest,
    manager,
    memberships: memberships
      .map((m) => ({
        groupId: m.groupId,
        displayName: m.group.displayName,
        deleted: m.group.deletedAt !== null,
        addedAt: m.createdAt,
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
  };
}
