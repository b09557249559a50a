import type { DirectoryGroup } from "@prisma/client";
import { prisma } from "../db/prisma";
import { objectIdSchema } from "./directory-schemas";

export type GroupSummary = Omit<DirectoryGroup, "sourceId" | "sourceAnchor"> & {
  memberCount: number;
  /** The source that owns the group (read-only in Provisio); null for groups made in Provisio. */
  source: { id: string; name: string; kind: string } | null;
};

/**
 * A group's attributes and how many members it has, without loading them (a pushed group can hold 20,000):
 * its members are paged by listGroupMembers. Null when there is no such group.
 */
export async function getGroupSummary(id: string): Promise<GroupSummary | null> {
  const parsed = objectIdSchema.safeParse(id);
  if (!parsed.success) return null;
  const group = await prisma.directoryGroup.findUnique({
    where: { id: parsed.data },
    include: { source: { select: { id: true, name: true, kind: true } }, _count: { select: { members: true } } },
  });
  if (!group) return null;
  const { _count, sourceId: _sourceId, sourceAnchor: _sourceAnchor, ...rest } = group;
  return { ...rest, memberCount: _count.members };
}
