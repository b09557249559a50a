import { z } from "zod";
import { prisma } from "../db/prisma";
import { objectIdSchema } from "./directory-schemas";

export const searchGroupMembersInput = z.object({
  groupId: objectIdSchema,
  query: z.string().trim().max(200, "At most 200 characters").default(""),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export type GroupMemberOption = {
  id: string;
  displayName: string;
  userPrincipalName: string;
  accountEnabled: boolean;
  deleted: boolean;
};

export type GroupMemberSearch = {
  /** Every member of the group. */
  total: number;
  /** Members matching the query (all members when it is empty). */
  matching: number;
  /** The first `limit` of those, by display name. */
  members: GroupMemberOption[];
};

/**
 * Search within one group's members, by display name, user principal name or mail: Provision on demand
 * picks up to 5 of them when a group has more. Soft-deleted members are listed (flagged) because on-demand
 * provisioning of them is how an admin checks their deprovisioning.
 */
export async function searchGroupMembers(input: z.input<typeof searchGroupMembersInput>): Promise<GroupMemberSearch> {
  const { groupId, query, limit } = searchGroupMembersInput.parse(input);
  const match = query
    ? {
        OR: [
          { displayName: { contains: query } },
          { userPrincipalName: { contains: query } },
          { mail: { contains: query } },
        ],
      }
    : {};
  const where = { memberships: { some: { groupId } }, ...match };
  const [total, matching, rows] = await Promise.all([
    prisma.groupMembership.count({ where: { groupId } }),
    query ? prisma.directoryUser.count({ where }) : null,
    prisma.directoryUser.findMany({
      where,
      orderBy: [{ displayName: "asc" }, { id: "asc" }],
      take: limit,
      select: { id: true, displayName: true, userPrincipalName: true, accountEnabled: true, deletedAt: true },
    }),
  ]);
  return {
    total,
    matching: matching ?? total,
    members: rows.map(({ deletedAt, ...r }) => ({ ...r, deleted: deletedAt !== null })),
  };
}
