import { z } from "zod";
import { mappingDefSchema } from "../mapping/mapping-def-schema";
import { scopingFiltersSchema } from "../scoping/scoping-filter-schema";

export const mappingObjectTypeSchema = z.enum(["User", "Group"]);

const targetObjectActionsSchema = z.object({ create: z.boolean(), update: z.boolean(), delete: z.boolean() });

/** The whole mapping page of one object type, saved at once. */
export const saveMappingsInput = z.object({
  applicationId: z.string().min(1),
  objectType: mappingObjectTypeSchema,
  mappings: z.array(mappingDefSchema).max(300, "At most 300 mappings per object type."),
  actions: targetObjectActionsSchema,
  /** Groups only: the "Enabled" switch (group provisioning on or off). */
  groupProvisioningEnabled: z.boolean().optional(),
});
export type SaveMappingsInput = z.input<typeof saveMappingsInput>;

const TARGET_ATTRIBUTE_TYPES = ["String", "Boolean", "Integer", "DateTime", "Reference"] as const;

/** A SCIM attribute path as admins write it: name.sub, urn:...:name, or emails[type eq "work"].value. */
const targetNameSchema = z
  .string()
  .trim()
  .min(1, "Enter the attribute name.")
  .max(300, "At most 300 characters.")
  .refine(
    (s) => !/\s/.test(s.replace(/\[[^\]]*\]/g, "")),
    "Attribute names cannot contain spaces (outside a [filter]).",
  );

const targetAttributeInput = z.object({
  name: targetNameSchema,
  type: z.enum(TARGET_ATTRIBUTE_TYPES),
  required: z.boolean().default(false),
  multiValued: z.boolean().default(false),
  caseExact: z.boolean().default(false),
});

export const saveTargetAttributesInput = z.object({
  applicationId: z.string().min(1),
  objectType: mappingObjectTypeSchema,
  attributes: z.array(targetAttributeInput).max(500, "At most 500 attributes."),
});
export type SaveTargetAttributesInput = z.input<typeof saveTargetAttributesInput>;

export const saveScopingFiltersInput = z.object({
  applicationId: z.string().min(1),
  objectType: mappingObjectTypeSchema,
  filters: scopingFiltersSchema.max(50, "At most 50 scoping filters."),
});
export type SaveScopingFiltersInput = z.input<typeof saveScopingFiltersInput>;
