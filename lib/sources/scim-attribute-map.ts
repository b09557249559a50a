import { z } from "zod";

/**
 * How a SCIM push source's users land on the directory's Entra-named attributes: one row per directory
 * attribute, naming the SCIM attribute it takes its value from. The SCIM side is a closed list of paths (the
 * core User schema and the enterprise extension), so a mapping can always be read and nothing is evaluated.
 * Groups are fixed: displayName → displayName, members → members.
 */

const ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";

/** SCIM attribute paths a mapping may read, with what each one means. */
export const scimUserPaths = {
  userName: "The user's unique sign-in name",
  displayName: "Display name",
  nickName: "Casual name",
  "name.givenName": "Given (first) name",
  "name.familyName": "Family (last) name",
  "name.formatted": "Full name, formatted",
  title: "Job title",
  userType: "Kind of user (Employee, Contractor, …)",
  preferredLanguage: "Preferred language (en-US)",
  locale: "Locale (en-US)",
  "emails[primary eq true].value": "The primary email (else the work one, else the first)",
  'emails[type eq "work"].value': "The work email",
  'phoneNumbers[type eq "work"].value': "The work phone",
  'phoneNumbers[type eq "mobile"].value': "The mobile phone",
  'addresses[type eq "work"].streetAddress': "Work address: street",
  'addresses[type eq "work"].locality': "Work address: city",
  'addresses[type eq "work"].region': "Work address: state or region",
  'addresses[type eq "work"].postalCode': "Work address: postal code",
  'addresses[type eq "work"].country': "Work address: country",
  active: "Whether the account is active (true/false)",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Enterprise extension: employee number",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Enterprise extension: department",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division": "Enterprise extension: division",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter": "Enterprise extension: cost center",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization": "Enterprise extension: organization",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager":
    "Enterprise extension: manager (the id of another user of this source)",
} as const;

export type ScimUserPath = keyof typeof scimUserPaths;
const SCIM_PATHS = Object.keys(scimUserPaths) as [ScimUserPath, ...ScimUserPath[]];

/** Directory attributes a SCIM push may set (Entra names). `manager` holds another user's objectId. */
export const mappableDirectoryAttributes = [
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
  "usageLocation",
  "telephoneNumber",
  "mobilePhone",
  "preferredLanguage",
  "accountEnabled",
  "manager",
] as const;

export type MappableDirectoryAttribute = (typeof mappableDirectoryAttributes)[number];

export type ScimAttributeMapping = { directory: MappableDirectoryAttribute; scim: ScimUserPath };

/** Entra's names for what Entra itself sends: the mapping a new source starts with. */
export const defaultScimAttributeMap: ScimAttributeMapping[] = [
  { directory: "userPrincipalName", scim: "userName" },
  { directory: "displayName", scim: "displayName" },
  { directory: "givenName", scim: "name.givenName" },
  { directory: "surname", scim: "name.familyName" },
  { directory: "mail", scim: "emails[primary eq true].value" },
  { directory: "jobTitle", scim: "title" },
  { directory: "department", scim: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department" },
  { directory: "employeeId", scim: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber" },
  { directory: "companyName", scim: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization" },
  { directory: "manager", scim: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager" },
  { directory: "telephoneNumber", scim: 'phoneNumbers[type eq "work"].value' },
  { directory: "mobilePhone", scim: 'phoneNumbers[type eq "mobile"].value' },
  { directory: "streetAddress", scim: 'addresses[type eq "work"].streetAddress' },
  { directory: "city", scim: 'addresses[type eq "work"].locality' },
  { directory: "state", scim: 'addresses[type eq "work"].region' },
  { directory: "postalCode", scim: 'addresses[type eq "work"].postalCode' },
  { directory: "country", scim: 'addresses[type eq "work"].country' },
  { directory: "preferredLanguage", scim: "preferredLanguage" },
  { directory: "accountEnabled", scim: "active" },
];

/** The SCIM attribute a type-bound directory attribute must come from (booleans and references). */
const BOUND: Partial<Record<MappableDirectoryAttribute, ScimUserPath>> = {
  accountEnabled: "active",
  manager: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
};

export const scimAttributeMapSchema = z
  .array(
    z.object({
      directory: z.enum(mappableDirectoryAttributes, { error: "Choose a directory attribute" }),
      scim: z.enum(SCIM_PATHS, { error: "Choose a SCIM attribute from the list" }),
    }),
  )
  .max(mappableDirectoryAttributes.length)
  .superRefine((rows, ctx) => {
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const first = seen.get(row.directory);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [i, "directory"],
          message: `${row.directory} is mapped twice (rows ${first + 1} and ${i + 1}); keep one`,
        });
      } else seen.set(row.directory, i);
      const bound = BOUND[row.directory];
      if (bound && row.scim !== bound) {
        ctx.addIssue({
          code: "custom",
          path: [i, "scim"],
          message: `${row.directory} can only come from ${bound}`,
        });
      }
      for (const [attribute, path] of Object.entries(BOUND)) {
        if (row.scim === path && row.directory !== attribute) {
          ctx.addIssue({ code: "custom", path: [i, "directory"], message: `${path} can only go to ${attribute}` });
        }
      }
    });
    if (!seen.has("userPrincipalName")) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "Map a SCIM attribute (usually userName) to userPrincipalName",
      });
    }
  });

type Json = Record<string, unknown>;

/** Case-insensitive key lookup: SCIM attribute names are case-insensitive (RFC 7643 §2.1). */
function field(object: unknown, name: string): unknown {
  if (!object || typeof object !== "object" || Array.isArray(object)) return undefined;
  const o = object as Json;
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  const key = Object.keys(o).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : o[key];
}

function entries(resource: Json, name: string): Json[] {
  const value = field(resource, name);
  return Array.isArray(value) ? value.filter((v): v is Json => !!v && typeof v === "object") : [];
}

function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number") return String(value);
  return null;
}

const TYPED = /^(emails|phoneNumbers|addresses)\[type eq "(\w+)"\]\.(\w+)$/;

/**
 * Reads one mapped SCIM attribute from a resource as scimmy validated it. Strings come back as strings (empty
 * means absent), `active` as a boolean, the manager as the id it references; absent is null.
 */
export function readScimUserValue(resource: Json, path: ScimUserPath): string | boolean | null {
  if (path === "active") {
    const v = field(resource, "active");
    return typeof v === "boolean" ? v : null;
  }
  if (path.startsWith(E)) {
    const extension = field(resource, ENTERPRISE_USER);
    const name = path.slice(E.length);
    const v = field(extension, name);
    return name === "manager" ? text(field(v, "value")) : text(v);
  }
  if (path === "emails[primary eq true].value") {
    const emails = entries(resource, "emails");
    const chosen =
      emails.find((e) => field(e, "primary") === true) ??
      emails.find((e) => String(field(e, "type") ?? "").toLowerCase() === "work") ??
      emails[0];
    return chosen ? text(field(chosen, "value")) : null;
  }
  const typed = TYPED.exec(path);
  if (typed) {
    const [, attribute, type, sub] = typed;
    const entry = entries(resource, attribute).find((e) => String(field(e, "type") ?? "").toLowerCase() === type);
    return entry ? text(field(entry, sub)) : null;
  }
  const [head, sub] = path.split(".");
  return text(sub ? field(field(resource, head), sub) : field(resource, head));
}
