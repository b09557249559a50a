import { clauseValueForWrite, isManagerPath, matchesFilter, parseScimPath } from "./parse-scim-path";

export const CORE_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const CORE_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

type Obj = Record<string, unknown>;

/**
 * Turns mapped values keyed by target attribute path into a SCIM resource body (for POST or PUT):
 *   { userName: "a@x", "name.givenName": "A", 'emails[type eq "work"].value': "a@x",
 *     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Sales" }
 * becomes { schemas: [core, enterprise], userName, name: { givenName }, emails: [{ type: "work", value }],
 *   "urn:…:enterprise:2.0:User": { department } }.
 * Null and undefined values are left out. A manager given as an id becomes `{ value: id }`; `members`
 * given as ids become `[{ value: id }]`; `active` as "True"/"False" text becomes a boolean.
 */
export function buildScimResource(type: "User" | "Group", values: Record<string, unknown>): Record<string, unknown> {
  const schemas = [type === "User" ? CORE_USER_SCHEMA : CORE_GROUP_SCHEMA];
  const resource: Obj = { schemas };
  for (const path in values) {
    const value = values[path];
    if (value === undefined || value === null) continue;
    const p = parseScimPath(path);
    let container = resource;
    if (p.schema !== undefined) {
      if (!schemas.includes(p.schema)) schemas.push(p.schema);
      container = (resource[p.schema] ??= {}) as Obj;
    }
    writeAt(container, p, value);
  }
  return resource;
}

function writeAt(container: Obj, p: ReturnType<typeof parseScimPath>, value: unknown): void {
  if (p.filter) {
    let list = container[p.attribute];
    if (!Array.isArray(list)) list = container[p.attribute] = [];
    const arr = list as unknown[];
    let element = arr.find((e) => matchesFilter(e, p.filter!)) as Obj | undefined;
    if (!element) {
      element = {};
      for (const clause of p.filter) element[clause.attribute] = clauseValueForWrite(clause);
      arr.push(element);
    }
    if (p.subAttribute !== undefined) element[p.subAttribute] = value;
    else if (typeof value === "object" && !Array.isArray(value)) Object.assign(element, value);
    else element.value = value;
    return;
  }
  if (p.subAttribute !== undefined) {
    let inner = container[p.attribute];
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) inner = container[p.attribute] = {};
    (inner as Obj)[p.subAttribute] = value;
    return;
  }
  container[p.attribute] = normaliseWholeValue(p, value);
}

/**
 * Shapes a value written to a whole attribute: manager ids and member ids become complex values, and
 * `active` given as the text "True"/"False" (what Entra's expressions yield) becomes a boolean, as
 * RFC 7643 types it and strict targets insist.
 */
export function normaliseWholeValue(p: ReturnType<typeof parseScimPath>, value: unknown): unknown {
  if (
    typeof value === "string" &&
    p.schema === undefined &&
    p.subAttribute === undefined &&
    p.attribute.toLowerCase() === "active"
  ) {
    const l = value.trim().toLowerCase();
    if (l === "true") return true;
    if (l === "false") return false;
  }
  if (isManagerPath(p) && (typeof value === "string" || typeof value === "number")) return { value: String(value) };
  if (p.schema === undefined && p.attribute === "members" && Array.isArray(value)) {
    return value.map((m) => (typeof m === "string" ? { value: m } : m));
  }
  return value;
}
