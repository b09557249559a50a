import { z } from "zod";
import { AppError } from "../../errors";
import { getUser } from "../../directory/get-user";
import { getGroupSummary } from "../../directory/get-group-summary";
import { listGroupMembers } from "../../directory/list-group-members";
import { objectIdSchema } from "../../directory/directory-schemas";
import { defineEndpoint } from "../endpoint";
import { directoryGroupSchema, directoryUserSchema, groupMemberPageSchema } from "../api-schemas";

const tag = "Directory";
const userParams = z.object({ userId: objectIdSchema.meta({ description: "The directory user's id." }) });
const groupParams = z.object({ groupId: objectIdSchema.meta({ description: "The directory group's id." }) });

export const directoryReadEndpoints = [
  defineEndpoint({
    operationId: "getDirectoryUser",
    method: "get",
    path: "/directory/users/{userId}",
    tag,
    summary: "One directory user, with every attribute and its groups",
    description: "Soft-deleted users too (deletedAt is set).",
    access: "read",
    params: userParams,
    success: { status: 200, description: "The user.", schema: directoryUserSchema },
    problems: [404],
    handle: async ({ params }) => {
      const user = await getUser(params.userId);
      if (!user) throw new AppError("directory.user_not_found", "This user does not exist. It may have been deleted.");
      const { sourceId: _sourceId, sourceAnchor: _sourceAnchor, managerId: _managerId, ...view } = user;
      return view;
    },
  }),
  defineEndpoint({
    operationId: "getDirectoryGroup",
    method: "get",
    path: "/directory/groups/{groupId}",
    tag,
    summary: "One directory group, with its member count",
    description: "Its members are paged at /directory/groups/{groupId}/members.",
    access: "read",
    params: groupParams,
    success: { status: 200, description: "The group.", schema: directoryGroupSchema },
    problems: [404],
    handle: async ({ params }) => {
      const group = await getGroupSummary(params.groupId);
      if (!group)
        throw new AppError("directory.group_not_found", "This group does not exist. It may have been deleted.");
      return group;
    },
  }),
  defineEndpoint({
    operationId: "listDirectoryGroupMembers",
    method: "get",
    path: "/directory/groups/{groupId}/members",
    tag,
    summary: "A group's members, paged by cursor",
    description: "Users by display name; soft-deleted members are listed with deletedAt set.",
    access: "read",
    params: groupParams,
    query: z.object({
      cursor: z.string().max(500).optional().meta({ description: "nextCursor of the previous page." }),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(500)
        .optional()
        .meta({ description: "Members per page (default 100)." }),
    }),
    success: { status: 200, description: "One page of members.", schema: groupMemberPageSchema },
    problems: [404],
    handle: ({ params, query }) => listGroupMembers({ groupId: params.groupId, ...query }),
  }),
];
