import { z } from "zod";
import { AppError } from "../errors";
import { findJsonInputProblem } from "../input/find-json-input-problem";
import { groupAttributesSchema, userAttributesSchema } from "./directory-schemas";
import type { ImportedGroup, ImportedUser, ImportRowError, ParsedImport } from "./import-types";

// Graph properties held by Provisio under the same name.
const userProps = [
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
  "mobilePhone",
  "preferredLanguage",
  "accountEnabled",
] as const;
const groupProps = ["displayName", "mailNickname", "description", "mail", "securityEnabled", "mailEnabled"] as const;

const idSchema = z.string().trim().min(1, "id is empty").max(64, "id can be at most 64 characters");
const userPartial = userAttributesSchema.partial();
const groupPartial = groupAttributesSchema.partial();

type Json = Record<string, unknown>;

function kindOf(item: Json, contextKind: "user" | "group" | null): "user" | "group" | null {
  const t = typeof item["@odata.type"] === "string" ? (item["@odata.type"] as string).toLowerCase() : "";
  if (t === "#microsoft.graph.user") return "user";
  if (t === "#microsoft.graph.group") return "group";
  if (contextKind) return contextKind;
  if ("userPrincipalName" in item) return "user";
  if ("securityEnabled" in item || "mailEnabled" in item || "groupTypes" in item || "members" in item) return "group";
  return null;
}

function zodRowErrors(row: number, error: z.ZodError): ImportRowError[] {
  return error.issues.map((i) => ({ row, field: i.path.map(String).join(".") || "(item)", message: i.message }));
}

/**
 * Reads the JSON that Microsoft Graph returns for `GET /users` and `GET /groups`
 * (`{"@odata.context": ..., "value": [...]}`; groups may carry `members` from `$expand=members`).
 * Users and groups are told apart by `@odata.type`, the context, or their properties.
 */
export function parseGraphJson(text: string): ParsedImport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new AppError(
      "import.malformed_json",
      `The file is not valid JSON (${detail}). Export it again from Microsoft Graph, for example GET /users.`,
    );
  }
  // \u escapes can spell a lone surrogate, which no database value can hold: refuse the file, naming where.
  const unicodeProblem = findJsonInputProblem(doc);
  if (unicodeProblem) {
    throw new AppError("import.invalid_unicode", `${unicodeProblem} Fix the file and import it again.`);
  }
  let items: unknown[];
  let contextKind: "user" | "group" | null = null;
  if (Array.isArray(doc)) {
    items = doc;
  } else if (doc && typeof doc === "object" && Array.isArray((doc as Json).value)) {
    items = (doc as Json).value as unknown[];
    const ctx = (doc as Json)["@odata.context"];
    if (typeof ctx === "string") {
      if (/#users(\(|$|\/)/.test(ctx)) contextKind = "user";
      else if (/#groups(\(|$|\/)/.test(ctx)) contextKind = "group";
    }
  } else {
    throw new AppError(
      "import.unrecognised_json",
      'The JSON has no "value" array. Provisio reads what Microsoft Graph returns for GET /users or GET /groups: {"@odata.context": "...", "value": [ ... ]}.',
    );
  }
  if (items.length === 0)
    throw new AppError("import.empty", 'The file\'s "value" array is empty: there is nothing to import.');

  const users: ImportedUser[] = [];
  const groups: ImportedGroup[] = [];
  const errors: ImportRowError[] = [];
  const ignored = new Set<string>();
  let nestedSkipped = 0;
  const invalidUserIds: string[] = [];

  items.forEach((raw, index) => {
    const row = index + 1;
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
      errors.push({ row, field: "(item)", message: "Each item in value must be a JSON object." });
      return;
    }
    const item = raw as Json;
    const kind = kindOf(item, contextKind);
    if (!kind) {
      errors.push({
        row,
        field: "(item)",
        message:
          "Cannot tell whether this is a user or a group: a user has userPrincipalName; a group has securityEnabled or mailEnabled.",
      });
      return;
    }
    let id: string | undefined;
    if (item.id !== undefined && item.id !== null) {
      const parsed = idSchema.safeParse(item.id);
      if (!parsed.success) errors.push(...zodRowErrors(row, parsed.error).map((e) => ({ ...e, field: "id" })));
      else id = parsed.data;
    }
    const known = new Set<string>(
      kind === "user" ? [...userProps, "businessPhones", "id"] : [...groupProps, "members", "id"],
    );
    for (const [k, v] of Object.entries(item)) {
      if (k.startsWith("@odata.") || known.has(k) || v === null || (Array.isArray(v) && v.length === 0)) continue;
      ignored.add(k);
    }
    if (kind === "user") {
      const picked: Json = {};
      for (const p of userProps) if (p in item) picked[p] = item[p];
      if ("businessPhones" in item) {
        const phones = item.businessPhones;
        if (phones !== null && !Array.isArray(phones))
          errors.push({ row, field: "businessPhones", message: "businessPhones must be an array of strings." });
        else picked.telephoneNumber = Array.isArray(phones) && phones.length > 0 ? phones[0] : null;
      }
      const parsed = userPartial.safeParse(picked);
      if (!parsed.success) {
        errors.push(...zodRowErrors(row, parsed.error));
        if (id) invalidUserIds.push(id);
      } else users.push({ row, id, attributes: parsed.data });
    } else {
      const picked: Json = {};
      for (const p of groupProps) if (p in item) picked[p] = item[p];
      const parsed = groupPartial.safeParse(picked);
      if (!parsed.success) errors.push(...zodRowErrors(row, parsed.error));
      let memberIds: { index: number; id: string }[] | undefined;
      if ("members" in item && item.members !== null) {
        if (!Array.isArray(item.members)) {
          errors.push({
            row,
            field: "members",
            message: 'members must be an array like [{"@odata.type": "#microsoft.graph.user", "id": "..."}].',
          });
        } else {
          memberIds = [];
          item.members.forEach((m, mi) => {
            const member = m as Json;
            const mid = m && typeof m === "object" ? member.id : undefined;
            if (typeof mid !== "string" || mid.trim() === "") {
              errors.push({ row, field: `members[${mi}]`, message: "A member needs an id." });
              return;
            }
            const type =
              typeof member["@odata.type"] === "string"
                ? (member["@odata.type"] as string).toLowerCase()
                : "#microsoft.graph.user";
            if (type !== "#microsoft.graph.user") {
              nestedSkipped++;
              return;
            }
            memberIds!.push({ index: mi, id: mid.trim() });
          });
        }
      }
      if (parsed.success) groups.push({ row, id, attributes: parsed.data, memberIds });
    }
  });

  const notes: string[] = [];
  if (ignored.size > 0) notes.push(`Ignored properties Provisio does not hold: ${[...ignored].sort().join(", ")}.`);
  if (nestedSkipped > 0) {
    notes.push(
      `${nestedSkipped} member${nestedSkipped === 1 ? " that is" : "s that are"} not a user (nested group, device or service principal) ignored: provisioning only sends user members.`,
    );
  }
  const parts = [];
  const userCount = items.filter((i) => i && typeof i === "object" && kindOf(i as Json, contextKind) === "user").length;
  const groupCount = items.filter(
    (i) => i && typeof i === "object" && kindOf(i as Json, contextKind) === "group",
  ).length;
  if (userCount) parts.push(`${userCount} user${userCount === 1 ? "" : "s"}`);
  if (groupCount) parts.push(`${groupCount} group${groupCount === 1 ? "" : "s"}`);
  return {
    format: "graph-json",
    description: `Microsoft Graph JSON: ${parts.join(" and ") || "no recognisable objects"}`,
    users,
    groups,
    errors,
    notes,
    invalidUserIds,
  };
}
