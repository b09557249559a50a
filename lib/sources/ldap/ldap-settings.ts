import { z } from "zod";

/**
 * An LDAP source's settings (LdapSourceConfig.settings, without the bind password): the connection, what to
 * read, how entries map to the directory's Entra-named attributes, and how often. Presets fill the filters,
 * the anchor, the delta attribute and the attribute map for Active Directory and OpenLDAP.
 */

export const ldapPresetSchema = z.enum(["ActiveDirectory", "OpenLdap"]);
export type LdapPreset = z.infer<typeof ldapPresetSchema>;

/** Directory attributes an LDAP attribute can fill (accountEnabled only from userAccountControl's bit 2). */
export const ldapMappableAttributes = [
  "userPrincipalName",
  "displayName",
  "mailNickname",
  "givenName",
  "surname",
  "mail",
  "department",
  "jobTitle",
  "employeeId",
  "companyName",
  "officeLocation",
  "streetAddress",
  "city",
  "state",
  "postalCode",
  "country",
  "telephoneNumber",
  "mobilePhone",
  "preferredLanguage",
  "accountEnabled",
] as const;
export type LdapMappableAttribute = (typeof ldapMappableAttributes)[number];

const attributeName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, "An LDAP attribute name: letters, digits and hyphens, like sAMAccountName");

const userMapSchema = z
  .array(z.object({ directory: z.enum(ldapMappableAttributes), ldap: attributeName }))
  .max(ldapMappableAttributes.length)
  .superRefine((rows, ctx) => {
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      if (seen.has(row.directory))
        ctx.addIssue({ code: "custom", path: [i, "directory"], message: `${row.directory} is mapped twice` });
      seen.add(row.directory);
      if (row.directory === "accountEnabled" && row.ldap.toLowerCase() !== "useraccountcontrol")
        ctx.addIssue({
          code: "custom",
          path: [i, "ldap"],
          message: "accountEnabled can only come from userAccountControl (bit 2 set means disabled)",
        });
    });
    if (!seen.has("userPrincipalName"))
      ctx.addIssue({ code: "custom", path: [], message: "Map an LDAP attribute to userPrincipalName" });
  });

/** A filter in RFC 4515's parentheses; ldapts parses it fully when the search is sent. */
const filterSchema = (label: string) =>
  z
    .string()
    .trim()
    .max(2000, `The ${label} can be at most 2,000 characters`)
    .refine(
      (v) => v === "" || (v.startsWith("(") && v.endsWith(")")),
      `The ${label} is an LDAP filter in parentheses, like (objectClass=user)`,
    );

const dnSchema = (label: string) =>
  z
    .string()
    .trim()
    .max(1000, `The ${label} can be at most 1,000 characters`)
    .refine((v) => v === "" || /^[A-Za-z][\w-]*=.+/.test(v), `Enter the ${label} as a DN, like DC=contoso,DC=com`);

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export const ldapSettingsSchema = z
  .object({
    preset: ldapPresetSchema,
    url: z
      .string()
      .trim()
      .max(500)
      .refine((v) => parseLdapUrl(v) !== null, "Enter the server as ldap://host[:port] or ldaps://host[:port]"),
    startTls: z.boolean(),
    caCert: z
      .string()
      .trim()
      .max(50_000, "The CA certificate can be at most 50,000 characters")
      .refine((v) => v === "" || v.includes("-----BEGIN CERTIFICATE-----"), "Paste the CA certificate in PEM form")
      .default(""),
    bindDn: dnSchema("bind DN").refine((v) => v !== "", "Enter the bind DN of the account Provisio reads with"),
    connectTimeoutSeconds: z.coerce.number().int().min(1).max(60).default(10),
    operationTimeoutSeconds: z.coerce.number().int().min(1).max(600).default(60),
    baseDn: dnSchema("base DN").refine((v) => v !== "", "Enter the base DN to read from, like DC=contoso,DC=com"),
    userFilter: filterSchema("user filter").refine((v) => v !== "", "Enter a user filter"),
    groupFilter: filterSchema("group filter"),
    anchorAttribute: attributeName,
    membership: z.enum(["memberDn", "memberOf"]),
    deltaAttribute: z.enum(["modifyTimestamp", "uSNChanged"]),
    groupNameAttribute: attributeName,
    intervalSeconds: z.coerce
      .number()
      .int()
      .min(10, "The interval is at least 10 seconds")
      .max(86_400, "The interval is at most a day")
      .default(300),
    fullReconcileMinutes: z.coerce.number().int().min(5).max(10_080).default(60),
    pageSize: z.coerce.number().int().min(50).max(1000).default(500),
    userMap: userMapSchema,
  })
  .superRefine((s, ctx) => {
    const url = parseLdapUrl(s.url);
    if (url && url.protocol === "ldaps:" && s.startTls)
      ctx.addIssue({ code: "custom", path: ["startTls"], message: "ldaps:// is TLS already; turn StartTLS off" });
    if (url && url.protocol === "ldap:" && !s.startTls && !isLoopback(url.host))
      ctx.addIssue({
        code: "custom",
        path: ["startTls"],
        message: "Use StartTLS or ldaps://: without TLS the bind password would cross the network in clear",
      });
  });
export type LdapSettings = z.infer<typeof ldapSettingsSchema>;

/** ldap://host:port or ldaps://host:port, nothing else (no path, no credentials). */
export function parseLdapUrl(text: string): { protocol: "ldap:" | "ldaps:"; host: string; port: number } | null {
  const m = /^(ldaps?):\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]{1,253})(?::(\d{1,5}))?\/?$/.exec(text.trim());
  if (!m) return null;
  const protocol = `${m[1].toLowerCase()}:` as "ldap:" | "ldaps:";
  const port = m[3] ? Number(m[3]) : protocol === "ldaps:" ? 636 : 389;
  if (port < 1 || port > 65_535) return null;
  return { protocol, host: m[2].toLowerCase(), port };
}

/** The server a bind password is bound to: it is only ever sent there. */
export function ldapOrigin(url: string): string | null {
  const u = parseLdapUrl(url);
  return u ? `${u.protocol}//${u.host}:${u.port}` : null;
}

type PresetFields = Pick<
  LdapSettings,
  "userFilter" | "groupFilter" | "anchorAttribute" | "membership" | "deltaAttribute" | "groupNameAttribute" | "userMap"
>;

export const LDAP_PRESETS: Record<LdapPreset, PresetFields> = {
  ActiveDirectory: {
    userFilter: "(&(objectCategory=person)(objectClass=user))",
    groupFilter: "(objectClass=group)",
    anchorAttribute: "objectGUID",
    membership: "memberDn",
    deltaAttribute: "uSNChanged",
    groupNameAttribute: "cn",
    userMap: [
      { directory: "userPrincipalName", ldap: "userPrincipalName" },
      { directory: "mailNickname", ldap: "sAMAccountName" },
      { directory: "givenName", ldap: "givenName" },
      { directory: "surname", ldap: "sn" },
      { directory: "displayName", ldap: "displayName" },
      { directory: "mail", ldap: "mail" },
      { directory: "department", ldap: "department" },
      { directory: "jobTitle", ldap: "title" },
      { directory: "employeeId", ldap: "employeeID" },
      { directory: "telephoneNumber", ldap: "telephoneNumber" },
      { directory: "mobilePhone", ldap: "mobile" },
      { directory: "city", ldap: "l" },
      { directory: "state", ldap: "st" },
      { directory: "accountEnabled", ldap: "userAccountControl" },
    ],
  },
  OpenLdap: {
    userFilter: "(objectClass=inetOrgPerson)",
    groupFilter: "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))",
    anchorAttribute: "entryUUID",
    membership: "memberDn",
    deltaAttribute: "modifyTimestamp",
    groupNameAttribute: "cn",
    userMap: [
      { directory: "userPrincipalName", ldap: "mail" },
      { directory: "mailNickname", ldap: "uid" },
      { directory: "givenName", ldap: "givenName" },
      { directory: "surname", ldap: "sn" },
      { directory: "displayName", ldap: "displayName" },
      { directory: "mail", ldap: "mail" },
      { directory: "jobTitle", ldap: "title" },
      { directory: "department", ldap: "ou" },
      { directory: "employeeId", ldap: "employeeNumber" },
      { directory: "telephoneNumber", ldap: "telephoneNumber" },
      { directory: "mobilePhone", ldap: "mobile" },
    ],
  },
};

/** A new LDAP source's settings: the preset's, with the connection still to be entered. */
export function defaultLdapSettings(preset: LdapPreset): LdapSettings {
  return {
    preset,
    url: "",
    startTls: true,
    caCert: "",
    bindDn: "",
    connectTimeoutSeconds: 10,
    operationTimeoutSeconds: 60,
    baseDn: "",
    intervalSeconds: 300,
    fullReconcileMinutes: 60,
    pageSize: 500,
    ...structuredClone(LDAP_PRESETS[preset]),
  };
}

/** Stored settings as data; settings saved before a schema change that no longer validate are refused loudly. */
export function parseStoredLdapSettings(json: string): LdapSettings | null {
  try {
    return ldapSettingsSchema.parse(JSON.parse(json));
  } catch {
    return null;
  }
}
