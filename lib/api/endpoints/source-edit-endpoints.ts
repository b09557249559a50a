import { z } from "zod";
import { AppError } from "../../errors";
import { getSource } from "../../sources/get-source";
import { listSourceEvents } from "../../sources/list-source-events";
import { saveSourceAttributeMap, saveSourceAttributeMapInput } from "../../sources/save-source-attribute-map";
import { getLdapSourceConfig } from "../../sources/ldap/get-ldap-source-config";
import { listLdapSyncRuns } from "../../sources/ldap/list-ldap-sync-runs";
import { requestLdapSync, requestLdapSyncInput } from "../../sources/ldap/request-ldap-sync";
import { saveLdapSettings, saveLdapSettingsInput } from "../../sources/ldap/save-ldap-settings";
import { testLdapConnection, testLdapConnectionInput } from "../../sources/ldap/test-ldap-connection";
import type { SourceKind } from "../../sources/source-schemas";
import { defineEndpoint } from "../endpoint";
import { idSchema, ldapSourceConfigSchema } from "../api-schemas";

const tag = "Sources";
const sourceParams = z.object({ sourceId: idSchema.meta({ description: "The source's id." }) });
const isoDate = z.iso.datetime({ offset: true });

/** The source, refused unless it is of `kind` (a SCIM push source has no LDAP settings, and the other way). */
async function sourceOfKind(sourceId: string, kind: SourceKind) {
  const source = await getSource(sourceId);
  if (!source) throw new AppError("source.not_found", "This source does not exist. It may have been deleted.");
  if (source.kind !== kind)
    throw new AppError(
      "source.kind",
      kind === "Ldap" ? "Only LDAP sources have LDAP settings and syncs." : "Only SCIM push sources have this mapping.",
    );
  return source;
}

async function ldapView(sourceId: string) {
  const config = await getLdapSourceConfig(sourceId);
  if (!config) throw new AppError("source.not_found", "This LDAP source no longer exists.");
  return config;
}

// The same input schemas as the Sources page's server actions (app/sources/actions.ts, ldap-actions.ts); the
// source's id comes from the path.
const ldapSettingsBody = saveLdapSettingsInput.omit({ sourceId: true });
const ldapTestBody = testLdapConnectionInput.omit({ sourceId: true });

const ldapCheckSchema = z.object({ label: z.string(), ok: z.boolean(), detail: z.string() });
const ldapConnectionTestSchema = z
  .object({
    ok: z.boolean(),
    checks: z.array(ldapCheckSchema).meta({ description: "Each step, in order, up to the first that failed." }),
    message: z.string(),
    code: z
      .enum([
        "dns",
        "refused",
        "timeout",
        "tls",
        "invalid_credentials",
        "base_dn_not_found",
        "filter_no_match",
        "bad_filter",
        "insufficient_access",
        "server",
      ])
      .optional()
      .meta({ description: "When ok is false: what went wrong." }),
    serverMessage: z.string().nullable().optional().meta({ description: "What the server said (never a password)." }),
  })
  .meta({ id: "LdapConnectionTest" });

const ldapSyncRunSchema = z
  .object({
    id: z.number().int(),
    mode: z.enum(["Full", "Delta"]),
    status: z.string().meta({ description: "Running, Succeeded, CompletedWithErrors or Failed." }),
    startedAt: isoDate,
    endedAt: isoDate.nullable(),
    read: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    deleted: z.number().int(),
    failed: z.number().int(),
    message: z.string().nullable(),
    errors: z
      .array(z.object({ dn: z.string(), identity: z.string().nullable(), reason: z.string() }))
      .meta({ description: "The entries that could not be written, with the reason." }),
  })
  .meta({ id: "LdapSyncRun" });

const sourceEventSchema = z
  .object({
    id: z.number().int(),
    at: isoDate,
    method: z.string(),
    path: z.string(),
    status: z.number().int(),
    operation: z.string(),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    identity: z.string().nullable(),
    detail: z.string().nullable(),
  })
  .meta({ id: "SourceEvent" });

export const sourceEditEndpoints = [
  defineEndpoint({
    operationId: "saveSourceAttributeMap",
    method: "put",
    path: "/sources/{sourceId}/attribute-map",
    tag,
    summary: "Replace a SCIM push source's attribute mapping",
    description:
      "Directory attribute ← SCIM attribute, as on the source's page. Applied at once to every user the source " +
      "pushed, from what it last sent; all or nothing (a user the mapping cannot be applied to refuses the save).",
    access: "write",
    params: sourceParams,
    body: saveSourceAttributeMapInput.omit({ sourceId: true }),
    success: {
      status: 200,
      description: "Saved; how many users changed.",
      schema: z.object({ usersChanged: z.number().int() }).meta({ id: "SourceAttributeMapSaved" }),
    },
    problems: [404, 409],
    handle: async ({ params, body, principal }) => {
      await sourceOfKind(params.sourceId, "ScimPush");
      return saveSourceAttributeMap({ ...body, sourceId: params.sourceId }, principal.actor);
    },
  }),
  defineEndpoint({
    operationId: "saveLdapSettings",
    method: "put",
    path: "/sources/{sourceId}/ldap",
    tag,
    summary: "Replace an LDAP source's connection, filters, attribute map and schedule",
    description:
      "The whole settings, as the source's page saves them (GET the source for the current ones). bindPassword is " +
      "write-only and never answered: left out, the saved one is kept, but only for the server it was saved for. A " +
      "change to what is read makes the next run a full read; the sync starts soon after.",
    access: "write",
    params: sourceParams,
    body: ldapSettingsBody,
    success: { status: 200, description: "The saved settings and sync state.", schema: ldapSourceConfigSchema },
    problems: [404, 409],
    handle: async ({ params, body, principal }) => {
      await sourceOfKind(params.sourceId, "Ldap");
      await saveLdapSettings({ ...body, sourceId: params.sourceId }, principal.actor);
      return ldapView(params.sourceId);
    },
  }),
  defineEndpoint({
    operationId: "testLdapConnection",
    method: "post",
    path: "/sources/{sourceId}/ldap/test-connection",
    tag,
    summary: "Test an LDAP connection",
    description:
      "With the settings given (the saved password when bindPassword is left out): resolve, connect with TLS, " +
      "bind, find the base DN, and check the filters match. Nothing is saved; a failed step is an answer " +
      "(ok: false, with its code), not an error.",
    access: "write",
    params: sourceParams,
    body: ldapTestBody,
    success: { status: 200, description: "Each check and the result.", schema: ldapConnectionTestSchema },
    problems: [404, 409],
    handle: async ({ params, body }) => {
      await sourceOfKind(params.sourceId, "Ldap");
      return testLdapConnection({ ...body, sourceId: params.sourceId });
    },
  }),
  defineEndpoint({
    operationId: "runLdapSync",
    method: "post",
    path: "/sources/{sourceId}/ldap/sync",
    tag,
    summary: "Run an LDAP sync now",
    description:
      "The source's next run starts at once instead of after its interval: a delta read of the entries changed " +
      "since the last run, or with full a full read (which also notices deletions and moves out of the base DN). " +
      "Follow it at …/ldap/sync-runs.",
    access: "write",
    params: sourceParams,
    body: requestLdapSyncInput.omit({ sourceId: true }).optional(),
    success: { status: 202, description: "Due now; the sync state.", schema: ldapSourceConfigSchema },
    problems: [404, 409],
    handle: async ({ params, body, principal }) => {
      await sourceOfKind(params.sourceId, "Ldap");
      await requestLdapSync({ sourceId: params.sourceId, full: body?.full ?? false }, principal.actor);
      return ldapView(params.sourceId);
    },
  }),
  defineEndpoint({
    operationId: "listLdapSyncRuns",
    method: "get",
    path: "/sources/{sourceId}/ldap/sync-runs",
    tag,
    summary: "An LDAP source's sync log",
    description: "Recent runs, newest first, with their counts and every entry that could not be written.",
    access: "read",
    params: sourceParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    success: { status: 200, description: "The runs.", schema: z.array(ldapSyncRunSchema) },
    problems: [404, 409],
    handle: async ({ params, query }) => {
      await sourceOfKind(params.sourceId, "Ldap");
      return listLdapSyncRuns(params.sourceId, query.limit);
    },
  }),
  defineEndpoint({
    operationId: "listSourceEvents",
    method: "get",
    path: "/sources/{sourceId}/events",
    tag,
    summary: "A source's recent activity",
    description: "The requests its IdP sent (SCIM push), newest first, with what each did.",
    access: "read",
    params: sourceParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    success: { status: 200, description: "The events.", schema: z.array(sourceEventSchema) },
    problems: [404],
    handle: async ({ params, query }) => {
      const source = await getSource(params.sourceId);
      if (!source) throw new AppError("source.not_found", "This source does not exist. It may have been deleted.");
      return listSourceEvents(source.id, query.limit);
    },
  }),
];
