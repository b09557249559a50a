import { z } from "zod";
import { createUser, createUserInput } from "../../directory/create-user";
import { updateUser, updateUserInput } from "../../directory/update-user";
import { setUserAccountEnabled } from "../../directory/set-user-account-enabled";
import { softDeleteUser } from "../../directory/soft-delete-user";
import { restoreUser } from "../../directory/restore-user";
import { hardDeleteUser } from "../../directory/hard-delete-user";
import { createGroup, createGroupInput } from "../../directory/create-group";
import { updateGroup, updateGroupInput } from "../../directory/update-group";
import { softDeleteGroup } from "../../directory/soft-delete-group";
import { restoreGroup } from "../../directory/restore-group";
import { hardDeleteGroup } from "../../directory/hard-delete-group";
import { addGroupMembers, addGroupMembersInput } from "../../directory/add-group-members";
import { removeGroupMembers, removeGroupMembersInput } from "../../directory/remove-group-members";
import { objectIdSchema } from "../../directory/directory-schemas";
import { defineEndpoint, type HttpMethod } from "../endpoint";
import { createdSchema } from "../api-schemas";

const tag = "Directory";
const userParams = z.object({ userId: objectIdSchema.meta({ description: "The directory user's id." }) });
const groupParams = z.object({ groupId: objectIdSchema.meta({ description: "The directory group's id." }) });
const updatedSchema = z
  .object({ id: z.string(), changed: z.array(z.string()).meta({ description: "The attributes that changed." }) })
  .meta({ id: "Updated" });

// Directory writes are the directory pages' own operations: a source-owned object is refused (409
// directory.source_owned), and every change wakes the applications it concerns.
const lifecycle = (o: {
  operationId: string;
  method?: HttpMethod;
  path: string;
  summary: string;
  description: string;
  kind: "user" | "group";
  run: (id: string, actor: string) => Promise<unknown>;
}) =>
  defineEndpoint({
    operationId: o.operationId,
    method: o.method ?? "post",
    path: o.path,
    tag,
    summary: o.summary,
    description: o.description,
    access: "write",
    params: o.kind === "user" ? userParams : groupParams,
    success: { status: 204, description: "Done." },
    problems: [404, 409],
    handle: async ({ params, principal }) => {
      await o.run("userId" in params ? String(params.userId) : String(params.groupId), principal.actor);
    },
  });

export const directoryEndpoints = [
  defineEndpoint({
    operationId: "createDirectoryUser",
    method: "post",
    path: "/directory/users",
    tag,
    summary: "Create a directory user",
    description: "With Entra's attribute names; userPrincipalName is unique.",
    access: "write",
    body: createUserInput,
    success: { status: 201, description: "The new user's id.", schema: createdSchema },
    problems: [409],
    handle: ({ body, principal }) => createUser(body, principal.actor),
  }),
  defineEndpoint({
    operationId: "updateDirectoryUser",
    method: "patch",
    path: "/directory/users/{userId}",
    tag,
    summary: "Update a directory user",
    description: "Only the attributes sent change.",
    access: "write",
    params: userParams,
    body: updateUserInput.omit({ id: true }),
    success: { status: 200, description: "What changed.", schema: updatedSchema },
    problems: [404, 409],
    handle: ({ params, body, principal }) => updateUser({ ...body, id: params.userId }, principal.actor),
  }),
  lifecycle({
    operationId: "disableDirectoryUser",
    path: "/directory/users/{userId}/disable",
    summary: "Disable a user (accountEnabled false)",
    description: "Applications deprovision the user at their next cycle (Not([IsSoftDeleted]) → active).",
    kind: "user",
    run: (id, actor) => setUserAccountEnabled({ id, accountEnabled: false }, actor),
  }),
  lifecycle({
    operationId: "enableDirectoryUser",
    path: "/directory/users/{userId}/enable",
    summary: "Enable a user (accountEnabled true)",
    description: "The user is provisioned again where in scope.",
    kind: "user",
    run: (id, actor) => setUserAccountEnabled({ id, accountEnabled: true }, actor),
  }),
  lifecycle({
    operationId: "deleteDirectoryUser",
    method: "delete",
    path: "/directory/users/{userId}",
    summary: "Delete a user (soft delete)",
    description: "As Entra's Deleted users: restorable; applications deprovision it.",
    kind: "user",
    run: (id, actor) => softDeleteUser({ id }, actor),
  }),
  lifecycle({
    operationId: "restoreDirectoryUser",
    path: "/directory/users/{userId}/restore",
    summary: "Restore a soft-deleted user",
    description: "With its memberships.",
    kind: "user",
    run: (id, actor) => restoreUser({ id }, actor),
  }),
  lifecycle({
    operationId: "permanentlyDeleteDirectoryUser",
    path: "/directory/users/{userId}/permanent-delete",
    summary: "Permanently delete a soft-deleted user",
    description: "Cannot be undone.",
    kind: "user",
    run: (id, actor) => hardDeleteUser({ id }, actor),
  }),
  defineEndpoint({
    operationId: "createDirectoryGroup",
    method: "post",
    path: "/directory/groups",
    tag,
    summary: "Create a directory group",
    access: "write",
    body: createGroupInput,
    success: { status: 201, description: "The new group's id.", schema: createdSchema },
    handle: ({ body, principal }) => createGroup(body, principal.actor),
  }),
  defineEndpoint({
    operationId: "updateDirectoryGroup",
    method: "patch",
    path: "/directory/groups/{groupId}",
    tag,
    summary: "Update a directory group",
    access: "write",
    params: groupParams,
    body: updateGroupInput.omit({ id: true }),
    success: { status: 200, description: "What changed.", schema: updatedSchema },
    problems: [404, 409],
    handle: ({ params, body, principal }) => updateGroup({ ...body, id: params.groupId }, principal.actor),
  }),
  defineEndpoint({
    operationId: "addDirectoryGroupMembers",
    method: "post",
    path: "/directory/groups/{groupId}/members",
    tag,
    summary: "Add members to a group",
    description: "Up to 1,000 users at a time; members already in it are skipped.",
    access: "write",
    params: groupParams,
    body: addGroupMembersInput.omit({ groupId: true }),
    success: { status: 200, description: "How many were added.", schema: z.object({ added: z.number().int() }) },
    problems: [404, 409, 422],
    handle: ({ params, body, principal }) => addGroupMembers({ ...body, groupId: params.groupId }, principal.actor),
  }),
  defineEndpoint({
    operationId: "removeDirectoryGroupMembers",
    method: "post",
    path: "/directory/groups/{groupId}/members/remove",
    tag,
    summary: "Remove members from a group",
    description: "Users who are not members are ignored.",
    access: "write",
    params: groupParams,
    body: removeGroupMembersInput.omit({ groupId: true }),
    success: { status: 200, description: "How many were removed.", schema: z.object({ removed: z.number().int() }) },
    problems: [404, 409],
    handle: ({ params, body, principal }) => removeGroupMembers({ ...body, groupId: params.groupId }, principal.actor),
  }),
  lifecycle({
    operationId: "deleteDirectoryGroup",
    method: "delete",
    path: "/directory/groups/{groupId}",
    summary: "Delete a group (soft delete)",
    description: "Restorable; applications deprovision it.",
    kind: "group",
    run: (id, actor) => softDeleteGroup({ id }, actor),
  }),
  lifecycle({
    operationId: "restoreDirectoryGroup",
    path: "/directory/groups/{groupId}/restore",
    summary: "Restore a soft-deleted group",
    description: "With its members.",
    kind: "group",
    run: (id, actor) => restoreGroup({ id }, actor),
  }),
  lifecycle({
    operationId: "permanentlyDeleteDirectoryGroup",
    path: "/directory/groups/{groupId}/permanent-delete",
    summary: "Permanently delete a soft-deleted group",
    description: "Cannot be undone.",
    kind: "group",
    run: (id, actor) => hardDeleteGroup({ id }, actor),
  }),
];
