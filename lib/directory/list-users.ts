import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { prisma } from "../db/prisma";

export const userStateFilter = z.enum(["all", "active", "disabled", "deleted"]);
export type UserStateFilter = z.infer<typeof userStateFilter>;

export const listUsersInput = z.object({
  search: z.string().trim().max(200).optional().default(""),
  /** "all" is every user not deleted, like Entra's "All users"; "deleted" is Entra's "Deleted users". */
  state: userStateFilter.catch("all").default("all"),
  page: z.coerce.number().int().min(1).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).catch(50).default(50),
  /** Leaves out users already in this group (the "Add members" search). */
  notMemberOf: z.string().optional(),
  /** Only the users this source owns. */
  source: z.string().trim().max(64).optional(),
});

export type UserListItem = {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  department: string | null;
  jobTitle: string | null;
  accountEnabled: boolean;
  deletedAt: Date | null;
  /** The source that owns the user; null for users made in Provisio. */
  source: { id: string; name: string } | null;
};

export type UserListPage = {
  items: UserListItem[];
  total: number;
  page: number;
  pageSize: number;
  /** Totals per state for the current search, for the filter tabs. */
  counts: Record<UserStateFilter, number>;
};

function stateWhere(state: UserStateFilter): Prisma.DirectoryUserWhereInput {
  switch (state) {
    case "active":
      return { deletedAt: null, accountEnabled: true };
    case "disabled":
      return { deletedAt: null, accountEnabled: false };
    case "deleted":
      return { deletedAt: { not: null } };
    default:
      return { deletedAt: null };
  }
}

/** Searches users by display name, user principal name, mail, mail nickname or department, one page at a time. */
export async function listUsers(input: z.input<typeof listUsersInput> = {}): Promise<UserListPage> {
  const { search, state, page: requestedPage, pageSize, notMemberOf, source } = listUsersInput.parse(input);
  const base: Prisma.DirectoryUserWhereInput[] = [];
  if (search) {
    base.push({
      OR: [
        { displayName: { contains: search } },
        { userPrincipalName: { contains: search } },
        { mail: { contains: search } },
        { mailNickname: { contains: search } },
        { department: { contains: search } },
      ],
    });
  }
  if (notMemberOf) base.push({ memberships: { none: { groupId: notMemberOf } } });
  if (source) base.push({ sourceId: source });
  const where = (s: UserStateFilter): Prisma.DirectoryUserWhereInput => ({ AND: [...base, stateWhere(s)] });

  const [all, active, disabled, deleted] = await Promise.all([
    prisma.directoryUser.count({ where: where("all") }),
    prisma.directoryUser.count({ where: where("active") }),
    prisma.directoryUser.count({ where: where("disabled") }),
    prisma.directoryUser.count({ where: where("deleted") }),
  ]);
  const counts = { all, active, disabled, deleted };
  // A page past the end (an old link after deletions) shows the last page instead of nothing.
  const page = Math.min(requestedPage, Math.max(1, Math.ceil(counts[state] / pageSize)));
  const items = await prisma.directoryUser.findMany({
    where: where(state),
    orderBy: [{ displayName: "asc" }, { id: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: {
      id: true,
      displayName: true,
      userPrincipalName: true,
      mail: true,
      department: true,
      jobTitle: true,
      accountEnabled: true,
      deletedAt: true,
      source: { select: { id: true, name: true } },
    },
  });
  return { items, total: counts[state], page, pageSize, counts };
}
