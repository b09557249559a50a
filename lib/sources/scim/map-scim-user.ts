import SCIMMY from "scimmy";
import { mailNicknameFromUpn, userAttributesSchema, type UserAttributes } from "../../directory/directory-schemas";
import { readScimUserValue, type ScimAttributeMapping } from "../scim-attribute-map";

export type MappedScimUser = {
  /** Every directory attribute a pushed user has, validated as the directory's forms validate them. */
  attributes: UserAttributes & { userPrincipalName: string; displayName: string; mailNickname: string };
  /** The anchor (our id) of the user's manager in the same source, when one is mapped and set. */
  managerAnchor: string | null;
  externalId: string | null;
};

type Json = Record<string, unknown>;

const invalid = (detail: string) => new SCIMMY.Types.Error(400, "invalidValue", detail);

/**
 * A pushed SCIM user → the directory's Entra-named attributes, by the source's mapping. Attributes the mapping
 * does not fill are cleared (the source owns the user). Without a mapped displayName the user shows
 * name.formatted, else given and family name, else the userName; without a mapped mailNickname it is
 * derived from the user principal name, as Entra does. Values that the directory would refuse (a
 * userPrincipalName that is not user@domain, an overlong name) are SCIM 400 invalidValue errors naming the
 * SCIM attribute.
 */
export function mapScimUser(resource: Json, mapping: ScimAttributeMapping[]): MappedScimUser {
  const values: Record<string, unknown> = {};
  const fromScim: Record<string, string> = {};
  let managerAnchor: string | null = null;
  for (const { directory, scim } of mapping) {
    const value = readScimUserValue(resource, scim);
    fromScim[directory] = scim;
    if (directory === "manager") managerAnchor = typeof value === "string" ? value : null;
    else values[directory] = value;
  }
  const userName = typeof resource.userName === "string" ? resource.userName : "";
  if (!values.displayName) {
    const name = resource.name as Json | undefined;
    const given = typeof name?.givenName === "string" ? name.givenName : "";
    const family = typeof name?.familyName === "string" ? name.familyName : "";
    values.displayName =
      (typeof name?.formatted === "string" && name.formatted.trim()) || `${given} ${family}`.trim() || userName;
  }
  if (values.accountEnabled === null || values.accountEnabled === undefined) values.accountEnabled = true;
  const parsed = userAttributesSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const attribute = String(issue.path[0] ?? "");
    const scim = fromScim[attribute];
    const shown =
      typeof values[attribute] === "string" ? ` (${JSON.stringify(String(values[attribute]).slice(0, 120))})` : "";
    throw invalid(
      scim
        ? `${scim}${shown} cannot be the directory's ${attribute}: ${issue.message}`
        : `The directory's ${attribute} cannot be set: ${issue.message}. Map a SCIM attribute to it on the source's page.`,
    );
  }
  const attributes = parsed.data;
  return {
    attributes: {
      ...attributes,
      userPrincipalName: attributes.userPrincipalName,
      displayName: attributes.displayName,
      mailNickname: attributes.mailNickname ?? mailNicknameFromUpn(attributes.userPrincipalName),
    },
    managerAnchor,
    externalId: typeof resource.externalId === "string" && resource.externalId ? resource.externalId : null,
  };
}
