import { z } from "zod";
import { provisioningModeSchema, provisioningScopeSchema } from "../applications/provisioning/provisioning-schemas";
import { scopingFiltersSchema } from "../scoping/scoping-filter-schema";

/**
 * An application's configuration as one JSON document ("configuration as code"): what `provisio export`,
 * GET /api/v1/applications/{id}/configuration and the application's Configuration page give, and what apply
 * takes. It is declarative: applying it makes the application look like it, and applying it again changes
 * nothing. Secrets (the Secret Token) are never part of it; the Tenant URL is.
 *
 * Version 1. A new version gets a new literal here and a reader for the old one; the current one is what export
 * writes. Objects are strict: a misspelt key is an error at its path, not silently ignored.
 */
export const CONFIGURATION_DOCUMENT_VERSION = 1;

/** The most a document may list: more is refused before anything is compared. */
export const CONFIGURATION_LIMITS = {
  /** Bytes of JSON text (the CLI, the page's upload). The REST API's 1 MB body limit comes first there. */
  documentBytes: 2_000_000,
  mappings: 300,
  targetAttributes: 500,
  scopingFilters: 50,
  assignments: 10_000,
} as const;

const text = (max: number) => z.string().max(max, `At most ${max} characters.`);

const mappingSchema = z
  .strictObject({
    mappingType: z.enum(["Direct", "Constant", "Expression"]),
    source: text(10_000).trim().min(1, "Enter a source attribute, a constant or an expression."),
    target: text(300).trim().min(1, "Name the target attribute."),
    defaultValue: text(10_000).nullable().default(null),
    applyOn: z.enum(["Always", "CreateOnly"]).default("Always"),
    matchingPrecedence: z.number().int().positive().nullable().default(null),
  })
  .meta({
    description:
      "One attribute mapping: Direct (a directory attribute), Constant or Expression (Entra's expression language). " +
      "matchingPrecedence set means 'Match objects using this attribute', 1 first.",
  });

const targetAttributeSchema = z.strictObject({
  name: text(300)
    .trim()
    .min(1, "Enter the attribute name.")
    .refine(
      (s) => !/\s/.test(s.replace(/\[[^\]]*\]/g, "")),
      "Attribute names cannot contain spaces (outside a [filter]).",
    ),
  type: z.enum(["String", "Boolean", "Integer", "DateTime", "Reference"]).default("String"),
  required: z.boolean().default(false),
  multiValued: z.boolean().default(false),
  caseExact: z.boolean().default(false),
});

const objectActionsSchema = z
  .strictObject({ create: z.boolean(), update: z.boolean(), delete: z.boolean() })
  .meta({ description: "Target object actions: which of create, update and delete the job may send." });

const perType = <T extends z.ZodType>(item: T, max: number, label: string) =>
  z.strictObject({
    users: z.array(item).max(max, `At most ${max} ${label}.`),
    groups: z.array(item).max(max, `At most ${max} ${label}.`),
  });

const provisioningSchema = z
  .strictObject({
    mode: provisioningModeSchema,
    tenantUrl: text(2048).trim().meta({ description: "The target's SCIM base URL. The Secret Token is not exported." }),
    notificationEmail: text(254).trim(),
    sendOnFailure: z.boolean(),
    scope: provisioningScopeSchema,
    preventAccidentalDeletion: z.boolean(),
    deletionThreshold: z.number().int().min(1).max(1_000_000),
    skipOutOfScopeDeletions: z.boolean(),
    groupProvisioningEnabled: z.boolean(),
    cycleIntervalMinutes: z
      .number()
      .int()
      .min(1)
      .max(10_080)
      .nullable()
      .meta({ description: "Minutes between incremental cycles; null: PROVISIO_CYCLE_INTERVAL_MINUTES (40)." }),
    rateLimitPerSecond: z
      .number()
      .min(0)
      .max(10_000)
      .nullable()
      .meta({ description: "Requests per second to the target; null: the template's; 0: no limit." }),
  })
  .meta({
    description:
      "The Provisioning page's settings. Provisioning Status (On/Off) is not configuration: it needs the Secret " +
      "Token and a passed Test Connection, so it is turned On on the page or with POST …/provisioning/start.",
  });

const userAssignmentSchema = z.strictObject({
  userPrincipalName: text(320).trim().min(1, "Enter the user's userPrincipalName."),
  appRole: text(200).trim().min(1, "Enter an app role."),
});
const groupAssignmentSchema = z.strictObject({
  displayName: text(256).trim().min(1, "Enter the group's name."),
  appRole: text(200).trim().min(1, "Enter an app role."),
});

export const configurationDocumentSchema = z
  .strictObject({
    $schema: z.string().max(2048).optional().meta({ description: "Ignored; editors may use it." }),
    version: z.literal(CONFIGURATION_DOCUMENT_VERSION, {
      error: `Only version ${CONFIGURATION_DOCUMENT_VERSION} documents can be applied.`,
    }),
    application: z.strictObject({
      name: text(120).trim().min(1, "Enter a name"),
      template: z.string().min(1).max(100).meta({ description: "The gallery template's id, e.g. zscaler-two." }),
    }),
    provisioning: provisioningSchema,
    mappings: perType(mappingSchema, CONFIGURATION_LIMITS.mappings, "mappings"),
    objectActions: z.strictObject({ users: objectActionsSchema, groups: objectActionsSchema }),
    targetAttributes: perType(targetAttributeSchema, CONFIGURATION_LIMITS.targetAttributes, "attributes"),
    scopingFilters: z.strictObject({
      users: scopingFiltersSchema.max(CONFIGURATION_LIMITS.scopingFilters, "At most 50 scoping filters."),
      groups: scopingFiltersSchema.max(CONFIGURATION_LIMITS.scopingFilters, "At most 50 scoping filters."),
    }),
    assignments: z.strictObject({
      users: z
        .array(userAssignmentSchema)
        .max(CONFIGURATION_LIMITS.assignments, `At most ${CONFIGURATION_LIMITS.assignments} assignments.`),
      groups: z
        .array(groupAssignmentSchema)
        .max(CONFIGURATION_LIMITS.assignments, `At most ${CONFIGURATION_LIMITS.assignments} assignments.`),
    }),
  })
  .meta({
    id: "ConfigurationDocument",
    description:
      "An application's whole configuration (version 1): template, settings, attribute mappings, target attribute " +
      "lists, scoping filters and assignments (users by userPrincipalName, groups by name). No secrets.",
  });

export type ConfigurationDocument = z.output<typeof configurationDocumentSchema>;
export type ConfigurationDocumentInput = z.input<typeof configurationDocumentSchema>;

/** `mappings.users[3].target`: a zod issue path as the admin reads it in the document. */
export function documentPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out || "(document)";
}
