import Papa from "papaparse";
import { AppError } from "../errors";
import { userAttributesSchema, type OptionalUserAttributeName } from "./directory-schemas";
import type { ImportedUser, ImportRowError, ParsedImport } from "./import-types";

type Target = "userPrincipalName" | "displayName" | "mailNickname" | "accountEnabled" | OptionalUserAttributeName;

// Bracketed attribute names of Entra's bulk-create template (and Graph's own names) to where Provisio keeps them.
const columnTargets: Record<string, Target> = {
  displayname: "displayName",
  userprincipalname: "userPrincipalName",
  accountenabled: "accountEnabled",
  givenname: "givenName",
  surname: "surname",
  jobtitle: "jobTitle",
  department: "department",
  usagelocation: "usageLocation",
  streetaddress: "streetAddress",
  state: "state",
  country: "country",
  physicaldeliveryofficename: "officeLocation",
  officelocation: "officeLocation",
  city: "city",
  postalcode: "postalCode",
  telephonenumber: "telephoneNumber",
  mobile: "mobilePhone",
  mobilephone: "mobilePhone",
  mail: "mail",
  mailnickname: "mailNickname",
  employeeid: "employeeId",
  companyname: "companyName",
  preferredlanguage: "preferredLanguage",
};

const ignoredWithReason: Record<string, string> = {
  passwordprofile:
    "passwordProfile ignored: Provisio does not hold passwords (the target application or single sign-on does).",
};

const userPartial = userAttributesSchema.partial();

/**
 * Reads a CSV in the style of Entra's bulk-create template: line 1 `version:v1.0`, line 2 headers such as
 * `Name [displayName] Required`, then one user per row. Columns are matched by the bracketed attribute name.
 * "Block sign in (Yes/No) [accountEnabled]" holds Yes for a blocked user, so Yes means accountEnabled false.
 */
export function parseEntraCsv(text: string): ParsedImport {
  const source = text.replace(/^\uFEFF/, "");
  const parsed = Papa.parse<string[]>(source, { delimiter: ",", skipEmptyLines: false });
  const fatal = parsed.errors.find((e) => e.type === "Quotes" || e.type === "Delimiter");
  if (fatal) {
    const where = typeof fatal.row === "number" ? ` near row ${fatal.row + 1}` : "";
    throw new AppError(
      "import.malformed_csv",
      `The CSV cannot be read${where}: ${fatal.message}. Check that every quoted value has a closing quote.`,
    );
  }
  const rows = parsed.data;
  const nonEmpty = (r: string[]) => r.some((c) => c.trim() !== "");

  let headerIndex = 0;
  const notes: string[] = [];
  const first = (rows[0] ?? []).map((c) => c.trim());
  if (first[0]?.toLowerCase().startsWith("version:")) {
    const version = first[0].slice("version:".length).trim().toLowerCase();
    if (version !== "v1.0") {
      throw new AppError(
        "import.unsupported_csv_version",
        `The CSV says ${first[0]}; Provisio reads Entra's bulk-create template version:v1.0.`,
      );
    }
    headerIndex = 1;
  } else if (first.some((c) => /\[[^\]]+\]/.test(c))) {
    notes.push("The first line is not version:v1.0, so it was read as the header line.");
  } else {
    throw new AppError(
      "import.unrecognised_csv",
      "This CSV is not in the style of Entra's bulk-create template: line 1 must be version:v1.0 and line 2 the headers, like Name [displayName] Required,User name [userPrincipalName] Required.",
    );
  }

  const headers = rows[headerIndex];
  if (!headers || !nonEmpty(headers))
    throw new AppError("import.unrecognised_csv", "The header line (line 2, after version:v1.0) is missing.");

  const columns: (Target | null)[] = [];
  const seen = new Map<Target, number>();
  const ignored: string[] = [];
  headers.forEach((h, i) => {
    const label = h.trim();
    if (label === "") {
      columns.push(null);
      return;
    }
    const attr = (/\[([^\]]+)\]/.exec(label)?.[1] ?? label).trim();
    const key = attr.toLowerCase();
    const target = columnTargets[key];
    if (target) {
      if (seen.has(target)) {
        throw new AppError(
          "import.malformed_csv",
          `Columns ${seen.get(target)! + 1} and ${i + 1} both hold ${attr}. Keep one of them.`,
        );
      }
      seen.set(target, i);
      columns.push(target);
      return;
    }
    columns.push(null);
    if (!/\[[^\]]+\]/.test(label)) {
      throw new AppError(
        "import.malformed_csv",
        `Column ${i + 1} ("${label}") has no [attribute] name. Use the headers of Entra's bulk-create template, like Name [displayName] Required.`,
      );
    }
    ignored.push(ignoredWithReason[key] ?? `${attr} ignored: not an attribute Provisio holds.`);
  });
  for (const required of ["displayName", "userPrincipalName"] as const) {
    if (!seen.has(required)) {
      throw new AppError(
        "import.malformed_csv",
        `The CSV has no [${required}] column. Entra's template requires Name [displayName] and User name [userPrincipalName].`,
      );
    }
  }
  if (!seen.has("accountEnabled"))
    notes.push("No Block sign in [accountEnabled] column: new users are created enabled.");
  notes.push(...ignored);

  const users: ImportedUser[] = [];
  const errors: ImportRowError[] = [];
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const cells = rows[r];
    if (!nonEmpty(cells)) continue;
    const row = r + 1;
    if (cells.length > headers.length && cells.slice(headers.length).some((c) => c.trim() !== "")) {
      errors.push({
        row,
        field: "(row)",
        message: `This row has ${cells.length} values but the header has ${headers.length} columns. Check for an unquoted comma.`,
      });
      continue;
    }
    const values: Record<string, unknown> = {};
    let rowOk = true;
    columns.forEach((target, i) => {
      if (!target) return;
      const value = (cells[i] ?? "").trim();
      if (target === "accountEnabled") {
        if (value === "") {
          errors.push({ row, field: "accountEnabled", message: "Enter Yes or No in Block sign in." });
          rowOk = false;
        } else if (/^(yes|y)$/i.test(value)) values.accountEnabled = false;
        else if (/^(no|n)$/i.test(value)) values.accountEnabled = true;
        else {
          errors.push({ row, field: "accountEnabled", message: `Block sign in must be Yes or No, not "${value}".` });
          rowOk = false;
        }
        return;
      }
      // An empty cell gives no value: new users leave it unset, existing users keep theirs.
      if (value !== "") values[target] = value;
    });
    if (values.displayName === undefined) {
      errors.push({ row, field: "displayName", message: "Name [displayName] is required." });
      rowOk = false;
    }
    if (values.userPrincipalName === undefined) {
      errors.push({ row, field: "userPrincipalName", message: "User name [userPrincipalName] is required." });
      rowOk = false;
    }
    const attrs = userPartial.safeParse(values);
    if (!attrs.success) {
      for (const issue of attrs.error.issues) {
        const field = issue.path.map(String).join(".");
        if (!errors.some((e) => e.row === row && e.field === field))
          errors.push({ row, field, message: issue.message });
      }
      continue;
    }
    if (rowOk) users.push({ row, attributes: attrs.data });
  }
  const count = users.length + new Set(errors.map((e) => e.row)).size;
  if (count === 0)
    throw new AppError("import.empty", "The CSV has headers but no user rows: there is nothing to import.");
  return {
    format: "entra-csv",
    description: `Entra bulk-create CSV: ${count} user row${count === 1 ? "" : "s"}`,
    users,
    groups: [],
    errors,
    notes,
  };
}
