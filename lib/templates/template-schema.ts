import { z } from "zod";

export type ObjectType = "User" | "Group";

const mappingTypeSchema = z.enum(["Direct", "Constant", "Expression"]);
const applyOnSchema = z.enum(["Always", "CreateOnly"]);

const templateMappingSchema = z.object({
  mappingType: mappingTypeSchema,
  /** Source attribute (Direct), value (Constant) or expression text (Expression). */
  source: z.string().min(1),
  target: z.string().min(1),
  defaultValue: z.string().optional(),
  applyOn: applyOnSchema.default("Always"),
  matchingPrecedence: z.number().int().positive().optional(),
});
export type TemplateMapping = z.infer<typeof templateMappingSchema>;

const targetAttributeSchema = z.object({
  name: z.string().min(1),
  type: z.enum(["String", "Boolean", "Integer", "DateTime", "Reference"]).default("String"),
  required: z.boolean().default(false),
  multiValued: z.boolean().default(false),
  caseExact: z.boolean().default(false),
});
export type TargetAttributeDef = z.infer<typeof targetAttributeSchema>;

/** A gallery template: plain data, one JSON file per application (lib/templates/*.json). */
export const appTemplateSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  publisher: z.string(),
  description: z.string(),
  /** Two letters and a colour for the gallery tile. */
  logo: z.object({ text: z.string().max(3), color: z.string() }),
  appRoles: z.array(z.string()).min(1),
  defaultAppRole: z.string(),
  tenantUrlHint: z.string(),
  secretTokenHint: z.string(),
  /** Where an admin of the target finds the Tenant URL and token, and what a rejected token means. */
  credentialsHelp: z.string(),
  capabilities: z.object({
    /** How user updates are sent: PATCH (RFC 7644 §3.5.2) or a full PUT. */
    userUpdateMethod: z.enum(["PATCH", "PUT"]),
    /** Deprovisioning: set active=false, or DELETE when the target cannot disable. */
    deprovision: z.enum(["Disable", "Delete"]),
    /** Requests per second the target documents; the job may override it. */
    rateLimitPerSecond: z.number().positive(),
    maxConcurrency: z.number().int().positive().default(4),
    /** Letter case of PATCH "op" values the target expects. */
    patchOpCase: z.enum(["lower", "Pascal"]).default("lower"),
    groups: z.boolean().default(true),
    /** Most resources the target returns per list page (`count`); the engine's default (100) when unset. */
    listPageSize: z.number().int().min(1).max(1000).optional(),
  }),
  userMappings: z.array(templateMappingSchema),
  groupMappings: z.array(templateMappingSchema),
  targetSchema: z.object({ User: z.array(targetAttributeSchema), Group: z.array(targetAttributeSchema) }),
});
export type AppTemplate = z.infer<typeof appTemplateSchema>;
