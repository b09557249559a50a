import { z } from "zod";
import { defaultScimAttributeMap, scimAttributeMapSchema, type ScimAttributeMapping } from "./scim-attribute-map";

/** What a source is. ScimPush: an IdP pushes users and groups to /scim/v2/<source id>. Ldap: issue 15. */
export const sourceKindSchema = z.enum(["ScimPush", "Ldap"]);
export type SourceKind = z.infer<typeof sourceKindSchema>;

/** Disabled: a SCIM source's requests are refused (403), an LDAP source is not read; its objects stay as they are. */
export const sourceStatusSchema = z.enum(["Active", "Disabled"]);
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

export const sourceIdSchema = z.string().trim().min(1, "Missing source id").max(64);

export const sourceNameSchema = z
  .string({ error: "Enter a name" })
  .trim()
  .min(1, "Enter a name, like Contoso Entra ID")
  .max(80, "A name can be at most 80 characters");

export const tokenNameSchema = z
  .string({ error: "Enter a name for the token" })
  .trim()
  .min(1, "Enter a name for the token, like Entra ID provisioning")
  .max(80, "A token name can be at most 80 characters");

/** The stored attribute map of a SCIM push source (Source.attributeMap). */
export type ScimPushAttributeMap = { users: ScimAttributeMapping[] };

const scimPushAttributeMapSchema = z.object({ users: scimAttributeMapSchema });

export function defaultAttributeMap(kind: SourceKind): ScimPushAttributeMap {
  if (kind !== "ScimPush") throw new Error(`No attribute map for ${kind} sources yet`);
  return { users: defaultScimAttributeMap.map((m) => ({ ...m })) };
}

/** Source.attributeMap as data. A stored map that no longer validates falls back to the default, loudly. */
export function parseScimPushAttributeMap(json: string): ScimPushAttributeMap {
  try {
    return scimPushAttributeMapSchema.parse(JSON.parse(json));
  } catch (e) {
    console.error("A source's stored attribute map is invalid; using the default:", e instanceof Error ? e.message : e);
    return defaultAttributeMap("ScimPush");
  }
}
