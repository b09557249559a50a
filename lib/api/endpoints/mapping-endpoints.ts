import { z } from "zod";
import { getMappingConfig } from "../../mapping-config/get-mapping-config";
import { getScopingConfig } from "../../mapping-config/get-scoping-config";
import { saveMappings } from "../../mapping-config/save-mappings";
import { saveScopingFilters } from "../../mapping-config/save-scoping-filters";
import { saveTargetAttributes } from "../../mapping-config/save-target-attributes";
import { discoverTargetSchema } from "../../mapping-config/discover-target-schema";
import {
  saveMappingsInput,
  saveScopingFiltersInput,
  saveTargetAttributesInput,
} from "../../mapping-config/mapping-config-schemas";
import { defineEndpoint } from "../endpoint";
import { idSchema } from "../api-schemas";

const params = z.object({
  appId: idSchema.meta({ description: "The application's id." }),
  objectType: z.enum(["User", "Group"]).meta({ description: "User or Group." }),
});
const tag = "Mappings and scoping";

const targetAttributeSchema = z.object({
  name: z.string(),
  type: z.enum(["String", "Boolean", "Integer", "DateTime", "Reference"]),
  required: z.boolean(),
  multiValued: z.boolean(),
  caseExact: z.boolean(),
});

const mappingsSchema = z
  .object({
    applicationId: z.string(),
    objectType: z.enum(["User", "Group"]),
    mappings: z.array(
      z.object({
        id: z.string(),
        mappingType: z.enum(["Direct", "Constant", "Expression"]),
        source: z.string(),
        target: z.string(),
        defaultValue: z.string().nullable(),
        applyOn: z.enum(["Always", "CreateOnly"]),
        matchingPrecedence: z.number().int().nullable(),
      }),
    ),
    targetAttributes: z.array(targetAttributeSchema),
    actions: z.object({ create: z.boolean(), update: z.boolean(), delete: z.boolean() }),
    groupProvisioningEnabled: z.boolean(),
    sourceAttributes: z.array(z.string()),
  })
  .meta({ id: "AttributeMappings" });

const scopingSchema = z
  .object({
    applicationId: z.string(),
    objectType: z.enum(["User", "Group"]),
    filters: z.array(
      z.object({
        title: z.string().nullable(),
        clauses: z.array(z.object({ attribute: z.string(), operator: z.string(), value: z.string().nullable() })),
      }),
    ),
    scope: z.string(),
  })
  .meta({ id: "ScopingFilters" });

async function mappingsView(appId: string, objectType: "User" | "Group") {
  const v = await getMappingConfig(appId, objectType);
  return {
    applicationId: v.applicationId,
    objectType: v.objectType,
    mappings: v.mappings,
    targetAttributes: v.targetAttributes,
    actions: v.actions,
    groupProvisioningEnabled: v.groupProvisioningEnabled,
    sourceAttributes: [...v.sourceAttributes],
  };
}

async function scopingView(appId: string, objectType: "User" | "Group") {
  const v = await getScopingConfig(appId, objectType);
  return { applicationId: v.applicationId, objectType: v.objectType, filters: v.filters, scope: v.scope };
}

const path = "/applications/{appId}/provisioning";

export const mappingEndpoints = [
  defineEndpoint({
    operationId: "getMappings",
    method: "get",
    path: `${path}/mappings/{objectType}`,
    tag,
    summary: "Attribute mappings and the target attribute list of users or groups",
    access: "read",
    params,
    success: { status: 200, description: "The mappings.", schema: mappingsSchema },
    problems: [404],
    handle: ({ params: p }) => mappingsView(p.appId, p.objectType),
  }),
  defineEndpoint({
    operationId: "saveMappings",
    method: "put",
    path: `${path}/mappings/{objectType}`,
    tag,
    summary: "Replace the attribute mappings of users or groups",
    description:
      "All at once, with the editor's rules (expressions parse, targets are in the attribute list and mapped once, " +
      "one matching attribute at least); anything wrong refuses the whole save. The next cycle is an initial one.",
    access: "write",
    params,
    body: saveMappingsInput.omit({ applicationId: true, objectType: true }),
    success: { status: 200, description: "The saved mappings.", schema: mappingsSchema },
    problems: [404],
    handle: async ({ params: p, body, principal }) => {
      await saveMappings({ ...body, applicationId: p.appId, objectType: p.objectType }, principal.actor);
      return mappingsView(p.appId, p.objectType);
    },
  }),
  defineEndpoint({
    operationId: "saveTargetAttributes",
    method: "put",
    path: `${path}/target-attributes/{objectType}`,
    tag,
    summary: "Replace the target attribute list of users or groups",
    description: "Edit attribute list: names unique; an attribute a mapping sends to cannot be removed.",
    access: "write",
    params,
    body: saveTargetAttributesInput.omit({ applicationId: true, objectType: true }),
    success: { status: 200, description: "The mappings with the saved list.", schema: mappingsSchema },
    problems: [404],
    handle: async ({ params: p, body, principal }) => {
      await saveTargetAttributes({ ...body, applicationId: p.appId, objectType: p.objectType }, principal.actor);
      return mappingsView(p.appId, p.objectType);
    },
  }),
  defineEndpoint({
    operationId: "discoverTargetSchema",
    method: "post",
    path: `${path}/target-attributes/{objectType}/discover`,
    tag,
    summary: "Discover the target's schema into the attribute list",
    description:
      "Reads the target's /Schemas with the saved Tenant URL and Secret Token (never following a redirect) and adds " +
      "the attributes it lists for users or groups to the target attribute list. Nothing already there is changed " +
      "or removed (names compared without letter case).",
    access: "write",
    params,
    success: {
      status: 200,
      description: "What was found and added, and the mappings with the new list.",
      schema: z
        .object({
          found: z.number().int().meta({ description: "Attributes the target's schema lists for this object type." }),
          added: z.array(z.string()).meta({ description: "The ones that were not in the list yet." }),
          mappings: mappingsSchema,
        })
        .meta({ id: "SchemaDiscovery" }),
    },
    problems: [404, 409, 413, 422, 502, 503, 504],
    handle: async ({ params: p, principal }) => {
      const { found, added } = await discoverTargetSchema(
        { applicationId: p.appId, objectType: p.objectType },
        principal.actor,
      );
      return { found, added, mappings: await mappingsView(p.appId, p.objectType) };
    },
  }),
  defineEndpoint({
    operationId: "getScopingFilters",
    method: "get",
    path: `${path}/scoping/{objectType}`,
    tag,
    summary: "Scoping filters of users or groups",
    description: "Filters are ORed; a filter's clauses are ANDed.",
    access: "read",
    params,
    success: { status: 200, description: "The filters.", schema: scopingSchema },
    problems: [404],
    handle: ({ params: p }) => scopingView(p.appId, p.objectType),
  }),
  defineEndpoint({
    operationId: "saveScopingFilters",
    method: "put",
    path: `${path}/scoping/{objectType}`,
    tag,
    summary: "Replace the scoping filters of users or groups",
    description: "All or nothing; an invalid clause is refused with the reason. The next cycle is an initial one.",
    access: "write",
    params,
    body: saveScopingFiltersInput.omit({ applicationId: true, objectType: true }),
    success: { status: 200, description: "The saved filters.", schema: scopingSchema },
    problems: [404],
    handle: async ({ params: p, body, principal }) => {
      await saveScopingFilters({ ...body, applicationId: p.appId, objectType: p.objectType }, principal.actor);
      return scopingView(p.appId, p.objectType);
    },
  }),
];
