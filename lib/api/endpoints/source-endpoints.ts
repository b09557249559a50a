import { z } from "zod";
import { listSources } from "../../sources/list-sources";
import { getSource } from "../../sources/get-source";
import { sourceTenantUrl } from "../../sources/source-tenant-url";
import { getLdapSourceConfig } from "../../sources/ldap/get-ldap-source-config";
import { AppError } from "../../errors";
import { createSource, createSourceInput } from "../../sources/create-source";
import { createLdapSource, createLdapSourceInput } from "../../sources/ldap/create-ldap-source";
import { updateSource, updateSourceInput } from "../../sources/update-source";
import { deleteSource } from "../../sources/delete-source";
import { createSourceToken, createSourceTokenInput } from "../../sources/create-source-token";
import { revokeSourceToken } from "../../sources/revoke-source-token";
import { listAuditEvents } from "../../audit/list-audit-events";
import { defineEndpoint } from "../endpoint";
import { auditPageSchema, createdSchema, idSchema, ldapSourceConfigSchema } from "../api-schemas";

const tag = "Sources";
const sourceParams = z.object({ sourceId: idSchema.meta({ description: "The source's id." }) });
const isoDate = z.iso.datetime({ offset: true });
const nullable = <T extends z.ZodType>(s: T) => s.nullable();

const sourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    status: z.string(),
    lastChangeAt: isoDate.nullable(),
    lastRequestAt: isoDate.nullable(),
    users: z.number().int(),
    groups: z.number().int(),
    activeTokens: z.number().int(),
    createdAt: isoDate,
  })
  .meta({ id: "Source" });

const sourceDetailSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    status: z.string(),
    tenantUrl: nullable(z.string()).meta({
      description: "A SCIM push source's endpoint, to enter in the IdP (from PROVISIO_BASE_URL); null for LDAP.",
    }),
    attributeMap: z
      .object({ users: z.array(z.object({ directory: z.string(), scim: z.string() })) })
      .meta({ description: "A SCIM push source's attribute map (directory attribute ← SCIM attribute)." }),
    lastChangeAt: isoDate.nullable(),
    lastRequestAt: isoDate.nullable(),
    createdAt: isoDate,
    counts: z.object({ users: z.number().int(), deletedUsers: z.number().int(), groups: z.number().int() }),
    tokens: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          prefix: z
            .string()
            .meta({ description: "The token's first characters; the token itself is never shown again." }),
          createdAt: isoDate,
          lastUsedAt: isoDate.nullable(),
          revokedAt: isoDate.nullable(),
        }),
      )
      .meta({ description: "Newest first, revoked ones too." }),
    ldap: nullable(ldapSourceConfigSchema).meta({
      description: "An LDAP source's settings and sync state; null for SCIM push.",
    }),
  })
  .meta({ id: "SourceDetail" });

// The Sources page's two schemas: SCIM push (createSourceInput) or LDAP with a preset (createLdapSourceInput).
const createSourceBody = z.discriminatedUnion("kind", [
  createSourceInput.extend({ kind: z.literal("ScimPush") }),
  createLdapSourceInput.extend({ kind: z.literal("Ldap") }),
]);

export const sourceEndpoints = [
  defineEndpoint({
    operationId: "listSources",
    method: "get",
    path: "/sources",
    tag,
    summary: "List sources",
    description: "Where directory users and groups come from (SCIM push, LDAP), with what each owns.",
    access: "read",
    success: { status: 200, description: "The sources.", schema: z.array(sourceSchema) },
    handle: async () => (await listSources()).map((s) => ({ ...s })),
  }),
  defineEndpoint({
    operationId: "getSource",
    method: "get",
    path: "/sources/{sourceId}",
    tag,
    summary: "One source: settings, what it owns, its tokens",
    description: "Token names and first characters only; never a token, its hash or a bind password.",
    access: "read",
    params: sourceParams,
    success: { status: 200, description: "The source.", schema: sourceDetailSchema },
    problems: [404],
    handle: async ({ params }) => {
      const source = await getSource(params.sourceId);
      if (!source) throw new AppError("source.not_found", "This source does not exist. It may have been deleted.");
      return {
        ...source,
        tenantUrl: source.kind === "ScimPush" ? sourceTenantUrl(source.id) : null,
        ldap: source.kind === "Ldap" ? await getLdapSourceConfig(source.id) : null,
      };
    },
  }),
  defineEndpoint({
    operationId: "createSource",
    method: "post",
    path: "/sources",
    tag,
    summary: "Add a source",
    description:
      "A SCIM push source (create a token for it next), or an LDAP source with a preset's filters and attribute " +
      "map (save its connection with PUT …/ldap next: it reads nothing until then).",
    access: "write",
    body: createSourceBody,
    success: { status: 201, description: "The new source's id.", schema: createdSchema },
    problems: [409],
    handle: ({ body, principal }) =>
      body.kind === "Ldap"
        ? createLdapSource({ name: body.name, preset: body.preset }, principal.actor)
        : createSource(body, principal.actor),
  }),
  defineEndpoint({
    operationId: "updateSource",
    method: "patch",
    path: "/sources/{sourceId}",
    tag,
    summary: "Rename a source, or turn it off and on",
    description: "A source turned off answers its IdP 403; its objects stay.",
    access: "write",
    params: sourceParams,
    body: updateSourceInput.omit({ id: true }),
    success: { status: 204, description: "Saved." },
    problems: [404, 409],
    handle: ({ params, body, principal }) => updateSource({ ...body, id: params.sourceId }, principal.actor),
  }),
  defineEndpoint({
    operationId: "deleteSource",
    method: "delete",
    path: "/sources/{sourceId}",
    tag,
    summary: "Delete a source",
    description: "Its tokens are revoked; the users and groups it owned stay and become editable.",
    access: "write",
    params: sourceParams,
    success: { status: 204, description: "Deleted; the audit trail records how many objects were released." },
    problems: [404],
    handle: ({ params, principal }) => deleteSource({ id: params.sourceId }, principal.actor),
  }),
  defineEndpoint({
    operationId: "createSourceToken",
    method: "post",
    path: "/sources/{sourceId}/tokens",
    tag,
    summary: "Create a token for the source's SCIM endpoint",
    description: "The token is in this answer only; Provisio keeps its SHA-256.",
    access: "write",
    params: sourceParams,
    body: createSourceTokenInput.omit({ sourceId: true }),
    success: {
      status: 201,
      description: "The token, shown once.",
      schema: z.object({ id: z.string(), token: z.string(), prefix: z.string() }).meta({ id: "SourceTokenCreated" }),
    },
    problems: [404, 409],
    handle: ({ params, body, principal }) => createSourceToken({ ...body, sourceId: params.sourceId }, principal.actor),
  }),
  defineEndpoint({
    operationId: "revokeSourceToken",
    method: "delete",
    path: "/sources/{sourceId}/tokens/{tokenId}",
    tag,
    summary: "Revoke a source token",
    access: "write",
    params: sourceParams.extend({ tokenId: idSchema }),
    success: { status: 204, description: "Revoked." },
    problems: [404, 409],
    handle: ({ params, principal }) =>
      revokeSourceToken({ sourceId: params.sourceId, tokenId: params.tokenId }, principal.actor),
  }),
  defineEndpoint({
    operationId: "listServiceAuditEvents",
    method: "get",
    path: "/audit",
    tag: "Audit",
    summary: "The audit trail outside applications",
    description:
      "Changes not tied to one application (sources, API tokens, people, the sandbox), newest first. Each " +
      "application's own trail is at /applications/{appId}/audit.",
    access: "read",
    query: z.object({
      before: z.coerce.number().int().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }),
    success: { status: 200, description: "One page of audit events.", schema: auditPageSchema },
    handle: ({ query }) => listAuditEvents(null, query),
  }),
];
