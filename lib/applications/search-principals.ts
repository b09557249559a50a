import { z } from "zod";
import { prisma } from "../db/prisma";
import type { PrincipalType } from "./principal-type";

export const searchPrincipalsInput = z.object({
  applicationId: z.string().min(1),
  query: z.string().trim().max(200, "At most 200 characters").default(""),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  /** Only users or only groups; both when left out. */
  type: z.enum(["User", "Group"]).optional(),
});

export type PrincipalOption = {
  type: PrincipalType;
  id: string;
  displayName: string;
  /** userPrincipalName for users; mail or description for groups. */
  detail: string | null;
  accountEnabled: boolean;
  /** The role when this principal is already assigned to the application. */
  assignedRole: string | null;
};

/**
 * Directory users and groups an admin can assign, matched on display name (and UPN or mail for users).
 * Deleted principals are left out: they cannot be assigned.
 */
export async function searchPrincipals(input: z.input<typeof searchPrincipalsInput>): Promise<PrincipalOption[]> {
  const { applicationId, query, limit, type } = searchPrincipalsInput.parse(input);
  // Filtering by type in the query, not after it: with 300 users, the first `limit` names of both kinds
  // were all users, so a group search listed no group until something was typed.
  const wantUsers = type !== "Group";
  const wantGroups = type !== "User";
  // SQLite LIKE is case-insensitive for ASCII, which is what admins expect from a search box. Names that
  // start with the query are fetched on their own first, so that they are never crowded out by the
  // alphabetically earlier names that merely contain it.
  const userFields = { id: true, displayName: true, userPrincipalName: true, accountEnabled: true } as const;
  const groupFields = { id: true, displayName: true, mail: true, description: true } as const;
  const byName = { displayName: "asc" } as const;
  const [prefixUsers, containsUsers, prefixGroups, containsGroups, assignments] = await Promise.all([
    query && wantUsers
      ? prisma.directoryUser.findMany({
          where: {
            deletedAt: null,
            OR: [{ displayName: { startsWith: query } }, { userPrincipalName: { startsWith: query } }],
          },
          orderBy: byName,
          take: limit,
          select: userFields,
        })
      : [],
    wantUsers
      ? prisma.directoryUser.findMany({
          where: query
            ? {
                deletedAt: null,
                OR: [
                  { displayName: { contains: query } },
                  { userPrincipalName: { contains: query } },
                  { mail: { contains: query } },
                ],
              }
            : { deletedAt: null },
          orderBy: byName,
          take: limit,
          select: userFields,
        })
      : [],
    query && wantGroups
      ? prisma.directoryGroup.findMany({
          where: { deletedAt: null, displayName: { startsWith: query } },
          orderBy: byName,
          take: limit,
          select: groupFields,
        })
      : [],
    wantGroups
      ? prisma.directoryGroup.findMany({
          where: query
            ? {
                deletedAt: null,
                OR: [
                  { displayName: { contains: query } },
                  { mail: { contains: query } },
                  { mailNickname: { contains: query } },
                ],
              }
            : { deletedAt: null },
          orderBy: byName,
          take: limit,
          select: groupFields,
        })
      : [],
    prisma.assignment.findMany({
      where: { applicationId },
      select: { principalType: true, principalId: true, appRole: true },
    }),
  ]);
  const uniqueById = <T extends { id: string }>(items: T[]): T[] => [...new Map(items.map((i) => [i.id, i])).values()];
  const users = uniqueById([...prefixUsers, ...containsUsers]);
  const groups = uniqueById([...prefixGroups, ...containsGroups]);
  const assigned = new Map(assignments.map((a) => [`${a.principalType}:${a.principalId}`, a.appRole]));
  const options: PrincipalOption[] = [
    ...users.map((u) => ({
      type: "User" as const,
      id: u.id,
      displayName: u.displayName,
      detail: u.userPrincipalName,
      accountEnabled: u.accountEnabled,
      assignedRole: assigned.get(`User:${u.id}`) ?? null,
    })),
    ...groups.map((g) => ({
      type: "Group" as const,
      id: g.id,
      displayName: g.displayName,
      detail: g.mail ?? g.description ?? null,
      accountEnabled: true,
      assignedRole: assigned.get(`Group:${g.id}`) ?? null,
    })),
  ];
  // Best matches first: names that start with the query, then the rest, alphabetically.
  const q = query.toLowerCase();
  const rank = (o: PrincipalOption) =>
    q && (o.displayName.toLowerCase().startsWith(q) || (o.type === "User" && o.detail?.toLowerCase().startsWith(q)))
      ? 0
      : 1;
  return options
    .sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName, "en", { sensitivity: "base" }))
    .slice(0, limit);
}
