import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { objectIdSchema } from "./directory-schemas";

export const listGroupMembersInput = z.object({
  groupId: objectIdSchema,
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type GroupMemberItem = {
  id: string;
  displayName: string;
  userPrincipalName: string;
  department: string | null;
  accountEnabled: boolean;
  deletedAt: Date | null;
  addedAt: Date;
};

/** Position after the last member of a page: pages are ordered by (displayName, id). */
const cursorSchema = z.object({ d: z.string(), id: z.string().min(1) });

function encodeCursor(m: GroupMemberItem): string {
  return Buffer.from(JSON.stringify({ d: m.displayName, id: m.id })).toString("base64url");
}

function decodeCursor(s: string): z.infer<typeof cursorSchema> {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
  } catch {
    throw new AppError("directory.bad_cursor", "This page of members is no longer valid. Start from the first page.");
  }
}

/**
 * One page of a group's members (users, soft-deleted ones flagged by deletedAt), by display name, with a
 * keyset cursor: a page stays right while members come and go, however large the group is.
 */
export async function listGroupMembers(
  input: z.input<typeof listGroupMembersInput>,
): Promise<{ members: GroupMemberItem[]; nextCursor: string | null }> {
  const { groupId, cursor, limit } = listGroupMembersInput.parse(input);
  const after = cursor ? decodeCursor(cursor) : null;
  const group = await prisma.directoryGroup.findUnique({ where: { id: groupId }, select: { id: true } });
  if (!group) throw new AppError("directory.group_not_found", "This group does not exist. It may have been deleted.");
  const rows = await prisma.groupMembership.findMany({
    where: {
      groupId,
      ...(after
        ? {
            OR: [
              { user: { displayName: { gt: after.d } } },
              { user: { displayName: after.d }, userId: { gt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ user: { displayName: "asc" } }, { userId: "asc" }],
    take: limit + 1,
    select: {
      createdAt: true,
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
  });
  const members = rows.slice(0, limit).map((r) => ({ ...r.user, addedAt: r.createdAt }));
  return { members, nextCursor: rows.length > limit ? encodeCursor(members[members.length - 1]!) : null };
}
