import { z } from "zod";
import { AppError } from "../../errors";
import { galleryTemplates } from "../../templates/gallery";
import { listApplications } from "../../applications/list-applications";
import { getApplication } from "../../applications/get-application";
import { createApplication, createApplicationInput } from "../../applications/create-application";
import { renameApplication, renameApplicationInput } from "../../applications/rename-application";
import { deleteApplication } from "../../applications/delete-application";
import { listAssignments } from "../../applications/list-assignments";
import { assignPrincipal, assignPrincipalInput } from "../../applications/assign-principal";
import { changeAssignmentRole, changeAssignmentRoleInput } from "../../applications/change-assignment-role";
import { removeAssignment } from "../../applications/remove-assignment";
import { defineEndpoint } from "../endpoint";
import {
  applicationListItemSchema,
  applicationSchema,
  assignmentSchema,
  changedSchema,
  createdSchema,
  idSchema,
  templateSchema,
} from "../api-schemas";

const appParams = z.object({ appId: idSchema.meta({ description: "The application's id." }) });
const assignmentParams = appParams.extend({ assignmentId: idSchema });

async function applicationOrThrow(id: string) {
  const app = await getApplication(id);
  if (!app) throw new AppError("application.not_found", "This application does not exist. It may have been deleted.");
  return app;
}

export const applicationEndpoints = [
  defineEndpoint({
    operationId: "listTemplates",
    method: "get",
    path: "/templates",
    tag: "Applications",
    summary: "List the gallery's templates",
    access: "read",
    success: { status: 200, description: "The templates.", schema: z.array(templateSchema) },
    handle: async () =>
      galleryTemplates().map((t) => ({
        id: t.id,
        name: t.name,
        publisher: t.publisher,
        description: t.description,
        appRoles: t.appRoles,
        defaultAppRole: t.defaultAppRole,
        supportsGroups: t.capabilities.groups,
      })),
  }),
  defineEndpoint({
    operationId: "listApplications",
    method: "get",
    path: "/applications",
    tag: "Applications",
    summary: "List enterprise applications",
    description: "Newest first.",
    access: "read",
    success: { status: 200, description: "The applications.", schema: z.array(applicationListItemSchema) },
    handle: () => listApplications(),
  }),
  defineEndpoint({
    operationId: "createApplication",
    method: "post",
    path: "/applications",
    tag: "Applications",
    summary: "Add an application from a gallery template",
    description:
      "With the template's default attribute mappings and target attribute list; provisioning is NotConfigured.",
    access: "write",
    body: createApplicationInput,
    success: { status: 201, description: "The new application's id.", schema: createdSchema },
    problems: [404],
    handle: ({ body, principal }) => createApplication(body, principal.actor),
  }),
  defineEndpoint({
    operationId: "getApplication",
    method: "get",
    path: "/applications/{appId}",
    tag: "Applications",
    summary: "Get an application",
    access: "read",
    params: appParams,
    success: { status: 200, description: "The application.", schema: applicationSchema },
    problems: [404],
    handle: ({ params }) => applicationOrThrow(params.appId),
  }),
  defineEndpoint({
    operationId: "renameApplication",
    method: "patch",
    path: "/applications/{appId}",
    tag: "Applications",
    summary: "Rename an application",
    access: "write",
    params: appParams,
    body: renameApplicationInput.omit({ applicationId: true }),
    success: { status: 200, description: "Whether the name changed.", schema: changedSchema },
    problems: [404],
    handle: ({ params, body, principal }) =>
      renameApplication({ applicationId: params.appId, name: body.name }, principal.actor),
  }),
  defineEndpoint({
    operationId: "deleteApplication",
    method: "delete",
    path: "/applications/{appId}",
    tag: "Applications",
    summary: "Delete an application",
    description:
      "With its assignments, provisioning job, connector data store and logs. Nothing is deleted at the target.",
    access: "write",
    params: appParams,
    success: { status: 204, description: "Deleted." },
    problems: [404],
    handle: ({ params, principal }) => deleteApplication({ applicationId: params.appId }, principal.actor),
  }),
  defineEndpoint({
    operationId: "listAssignments",
    method: "get",
    path: "/applications/{appId}/assignments",
    tag: "Assignments",
    summary: "List an application's assigned users and groups",
    access: "read",
    params: appParams,
    success: { status: 200, description: "The assignments, by name.", schema: z.array(assignmentSchema) },
    problems: [404],
    handle: async ({ params }) => {
      await applicationOrThrow(params.appId);
      return listAssignments(params.appId);
    },
  }),
  defineEndpoint({
    operationId: "assignPrincipal",
    method: "post",
    path: "/applications/{appId}/assignments",
    tag: "Assignments",
    summary: "Assign a user or group with an app role",
    description: 'The role "Default Access" assigns without provisioning.',
    access: "write",
    params: appParams,
    body: assignPrincipalInput.omit({ applicationId: true }),
    success: { status: 201, description: "The new assignment's id.", schema: createdSchema },
    problems: [404, 409, 422],
    handle: ({ params, body, principal }) => assignPrincipal({ ...body, applicationId: params.appId }, principal.actor),
  }),
  defineEndpoint({
    operationId: "changeAssignmentRole",
    method: "patch",
    path: "/applications/{appId}/assignments/{assignmentId}",
    tag: "Assignments",
    summary: "Change an assignment's app role",
    access: "write",
    params: assignmentParams,
    body: changeAssignmentRoleInput.pick({ appRole: true }),
    success: { status: 200, description: "Whether the role changed.", schema: changedSchema },
    problems: [404],
    handle: ({ params, body, principal }) =>
      changeAssignmentRole(
        { applicationId: params.appId, assignmentId: params.assignmentId, appRole: body.appRole },
        principal.actor,
      ),
  }),
  defineEndpoint({
    operationId: "removeAssignment",
    method: "delete",
    path: "/applications/{appId}/assignments/{assignmentId}",
    tag: "Assignments",
    summary: "Remove an assignment",
    description: "With the assigned-only scope, the next cycle deprovisions the user or group.",
    access: "write",
    params: assignmentParams,
    success: { status: 204, description: "Removed." },
    problems: [404],
    handle: ({ params, principal }) =>
      removeAssignment({ applicationId: params.appId, assignmentId: params.assignmentId }, principal.actor),
  }),
];
