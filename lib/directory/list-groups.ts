import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { prisma } from "../db/prisma";

export const groupStateFilter = z.enum(["all", "deleted"]);
export type GroupStateFilter = z.infer<typeof groupStateFilter>;

export const listGroupsInput = z.object({
  search: z.string().trim().max(200).optional().default(""),
  state: groupStateFilter.catch("all").default("all"),
  page: z.coerce.number().int().min(1).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).catch(50).default(50),
  /** Only the groups this source owns. */
  source: z.string().trim().max(64).optional(),
});

export type GroupListItem = {
  id: string;
  displayName: string;
  mailNickname: string | null;
  description: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
  deletedAt: Date | null;
  memberCount: number;
  /** The source that owns the group; null for groups made in Provisio. */
  source: { id: string; name: string } | null;
};

export type GroupListPage = {
  items: GroupListItem[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<GroupStateFilter, number>;
};

/** Searches groups by display name, mail nickname or description, with member counts. */
export async function listGroups(input: z.input<typeof listGroupsInput> = {}): Promise<GroupListPage> {
  const { search, state, page: requestedPage, pageSize, source } = listGroupsInput.parse(input);
  const base: Prisma.DirectoryGroupWhereInput[] = source ? [{ sourceId: source }] : [];
  const searchWhere: Prisma.DirectoryGroupWhereInput[] = search
    ? [
        {
          OR: [
            { displayName: { contains: search } },
            { mailNickname: { contains: search } },
            { description: { contains: search } },
          ],
        },
      ]
    : [];
  base.push(...searchWhere);
  const where = (s: GroupStateFilter): Prisma.DirectoryGroupWhereInput => ({
    AND: [...base, s === "deleted" ? { deletedAt: { not: null } } : { deletedAt: null }],
  });
  const [all, deleted] = await Promise.all([
    prisma.directoryGroup.count({ where: where("all") }),
    prisma.directoryGroup.count({ where: where("deleted") }),
  ]);
  const counts = { all, deleted };
  const page = Math.min(requestedPage, Math.max(1, Math.ceil(counts[state] / pageSize)));
  const rows = await prisma.directoryGroup.findMany({
    where: where(state),
    orderBy: [{ displayName: "asc" }, { id: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    include: { _count: { select: { members: true } }, source: { select: { id: true, name: true } } },
  });
  const items = rows.map(({ _count, ...g }) => ({
    id: g.id,
    displayName: g.displayName,
    mailNickname: g.mailNickname,
    description: g.description,
    securityEnabled: g.securityEnabled,
    mailEnabled: g.mailEnabled,
    deletedAt: g.deletedAt,
    memberCount: _count.members,
    source: g.source,
  }));
  return { items, total: counts[state], page, pageSize, counts };
}
