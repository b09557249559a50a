import { optionalUserAttributeNames } from "../directory/directory-schemas";

/**
 * The directory attributes an admin can pick as the source of a Direct mapping or a scoping clause, per object
 * type, in Entra's names. Mapping and scoping read the same source object the engine builds
 * (lib/sync/store/load-source.ts), so these names resolve there.
 */
const USER_SOURCE_ATTRIBUTES = [
  "userPrincipalName",
  "mailNickname",
  "displayName",
  ...optionalUserAttributeNames,
  "accountEnabled",
  "IsSoftDeleted",
  "objectId",
  "appRoleAssignments",
] as const;

const GROUP_SOURCE_ATTRIBUTES = [
  "displayName",
  "mailNickname",
  "description",
  "mail",
  "objectId",
  "members",
  "IsSoftDeleted",
] as const;

export type MappingObjectType = "User" | "Group";

export function sourceAttributesFor(objectType: MappingObjectType): readonly string[] {
  return objectType === "User" ? USER_SOURCE_ATTRIBUTES : GROUP_SOURCE_ATTRIBUTES;
}
