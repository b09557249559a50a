import { z } from "zod";
import { unsafeCharacterProblem } from "../input/unsafe-character-problem";

/**
 * Attribute rules of the source directory, in Entra's names and with Entra's limits, shared by the forms,
 * the operations and the importers.
 */

// Entra allows letters, digits and ' . - _ ! # ^ ~ before the @; no leading, trailing or doubled dot.
const upnPattern =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9'._\-!#^~]+(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
// Exchange refuses these characters (and whitespace) in an alias.
const mailNicknamePattern = /^[^\s@()\\[\]";:<>,]+$/;

/** Refuses control, bidirectional-override and malformed characters (see unsafe-character-problem.ts). */
function printable(label: string, opts: { multiline?: boolean } = {}) {
  return (v: string | null | undefined, ctx: z.RefinementCtx) => {
    const problem = typeof v === "string" ? unsafeCharacterProblem(v, label, opts) : null;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  };
}

/** Empty strings from forms and files mean "no value". */
function optionalText(max: number, label: string, opts: { multiline?: boolean } = {}) {
  return z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max} characters`)
    .superRefine(printable(label, opts))
    .nullish()
    .transform((v) => (v === "" || v == null ? (v === undefined ? undefined : null) : v));
}

const userPrincipalNameSchema = z
  .string({ error: "Enter a user principal name" })
  .trim()
  .min(1, "Enter a user principal name, like alex.wilber@contoso.com")
  .max(113, "A user principal name can be at most 113 characters")
  .refine(
    (v) => upnPattern.test(v),
    "Enter a user principal name in the form user@domain, like alex.wilber@contoso.com",
  )
  .refine((v) => v.split("@")[0].length <= 64, "The part before the @ can be at most 64 characters");

const mailNicknameSchema = z
  .string()
  .trim()
  .min(1, "Enter a mail nickname")
  .max(64, "A mail nickname can be at most 64 characters")
  .superRefine(printable("Mail nickname"))
  .refine(
    (v) => mailNicknamePattern.test(v),
    'A mail nickname cannot contain spaces or any of @ ( ) \\ [ ] " ; : < > ,',
  );

const optionalMail = z
  .string()
  .trim()
  .max(254, "Mail can be at most 254 characters")
  .nullish()
  .transform((v) => (v === "" || v == null ? (v === undefined ? undefined : null) : v))
  .refine((v) => v == null || z.email().safeParse(v).success, "Enter an email address like alex.wilber@contoso.com");

const optionalUsageLocation = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v === "" || v == null ? (v === undefined ? undefined : null) : v.toUpperCase()))
  .refine((v) => v == null || /^[A-Z]{2}$/.test(v), "Usage location is a two-letter country code, like US or DE");

/** User attributes an admin can set. `undefined` leaves a value as it is; `null` clears it. */
export const userAttributesSchema = z.object({
  userPrincipalName: userPrincipalNameSchema,
  displayName: z
    .string({ error: "Enter a display name" })
    .trim()
    .min(1, "Enter a display name")
    .max(256, "A display name can be at most 256 characters")
    .superRefine(printable("Display name")),
  mailNickname: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : undefined))
    .pipe(mailNicknameSchema.optional()),
  givenName: optionalText(64, "First name"),
  surname: optionalText(64, "Last name"),
  mail: optionalMail,
  department: optionalText(64, "Department"),
  jobTitle: optionalText(128, "Job title"),
  employeeId: optionalText(16, "Employee ID"),
  companyName: optionalText(64, "Company name"),
  officeLocation: optionalText(128, "Office location"),
  streetAddress: optionalText(1024, "Street address", { multiline: true }),
  city: optionalText(128, "City"),
  state: optionalText(128, "State or province"),
  postalCode: optionalText(40, "ZIP or postal code"),
  country: optionalText(128, "Country or region"),
  usageLocation: optionalUsageLocation,
  telephoneNumber: optionalText(64, "Office phone"),
  mobilePhone: optionalText(64, "Mobile phone"),
  preferredLanguage: optionalText(16, "Preferred language"),
  accountEnabled: z.boolean().optional(),
});

export type UserAttributes = z.output<typeof userAttributesSchema>;

/** The attributes stored on DirectoryUser besides the key ones, in display order. */
export const optionalUserAttributeNames = [
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
] as const;

export type OptionalUserAttributeName = (typeof optionalUserAttributeNames)[number];

export const groupAttributesSchema = z.object({
  displayName: z
    .string({ error: "Enter a group name" })
    .trim()
    .min(1, "Enter a group name")
    .max(256, "A group name can be at most 256 characters")
    .superRefine(printable("Group name")),
  mailNickname: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v === "" || v == null ? (v === undefined ? undefined : null) : v))
    .pipe(mailNicknameSchema.nullish()),
  description: optionalText(1024, "Description", { multiline: true }),
  mail: optionalMail,
  securityEnabled: z.boolean().optional(),
  mailEnabled: z.boolean().optional(),
});

export type GroupAttributes = z.output<typeof groupAttributesSchema>;

export const objectIdSchema = z.string().trim().min(1, "Missing object id").max(64);

/** Entra derives the alias from the user principal name when none is given. */
export function mailNicknameFromUpn(upn: string): string {
  return (
    upn
      .split("@")[0]
      .replace(/[\s@()\\[\]";:<>,]/g, "")
      .slice(0, 64) || "user"
  );
}

export type UserState = "active" | "disabled" | "deleted";

export function userState(u: { accountEnabled: boolean; deletedAt: Date | null }): UserState {
  if (u.deletedAt) return "deleted";
  return u.accountEnabled ? "active" : "disabled";
}
