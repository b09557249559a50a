import type { DirectoryGroup } from "@prisma/client";
import { prisma } from "../db/prisma";
import { objectIdSchema } from "./directory-schemas";

export type GroupMember = {
  id: string;
  displayName: string;
  userPrincipalName: string;
  department: string | null;
  accountEnabled: boolean;
  deletedAt: Date | null;
  addedAt: Date;
};

export type GroupWithMembers = DirectoryGroup & {
  members: GroupMember[];
  /** The source that owns the group (read-only in Provisio); null for groups made in Provisio. */
  source: { id: string; name: string; kind: string } | null;
};

/** A group with its members (users), sorted by display name; null when there is no such group. */
export async function getGroup(id: string): Promise<GroupWithMembers | null> {
  const parsed = objectIdSchema.safeParse(id);
  if (!parsed.success) return null;
  const group = await prisma.directoryGroup.findUnique({
    where: { id: parsed.data },
    include: {
      source: { select: { id: true, name: true, kind: true } },
      members: {
        include: {
          user: {
            select: {
              id: true,
              displayName: true,
              userPrincipalName: true,
              department: true,
              accountEnabled: true,
              deletedAt: true,
            },
          },
        },
      },
    },
  });
  if (!group) return null;
  const { members, ...rest } = group;
  return {
    ...rest,
    members: members
      .map((m) => ({ ...m.user, addedAt: m.createdAt }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
  };
}
