import { AppError } from "../errors";

export type ScimFilterClause = { attribute: string; value: string | number | boolean | null };

/**
 * A target attribute path as mappings name it (RFC 7644 §3.10 attribute notation, restricted to what
 * provisioning mappings use):
 *   userName | name.givenName | emails[type eq "work"].value | roles[primary eq "True"].value
 *   urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department
 */
export type ScimPath = {
  /** Extension schema URN, when the attribute lives in one. Core-schema URN prefixes are dropped. */
  schema?: string;
  attribute: string;
  /** Value filter on a multi-valued attribute: clauses ANDed, `eq` only. */
  filter?: ScimFilterClause[];
  subAttribute?: string;
};

const CORE_SCHEMA_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:";
const NAME = /^[A-Za-z$][\w$-]*$/;
// Mapping paths repeat for every object, so parse each once.
const cache = new Map<string, ScimPath>();

function invalid(path: string, why: string): AppError {
  return new AppError("scim.invalid_path", `"${path}" is not a SCIM attribute path Provisio understands: ${why}.`);
}

function parseLiteral(text: string, path: string): string | number | boolean | null {
  const t = text.trim();
  if (t.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === "string") return v;
    } catch {
      /* fall through */
    }
    throw invalid(path, `${t} is not a valid string literal`);
  }
  const lower = t.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  if (lower === "null") return null;
  if (t !== "" && Number.isFinite(Number(t))) return Number(t);
  throw invalid(path, `${t} is not a value`);
}

/** Splits `a eq "x" and b eq "y"` on ` and ` outside string literals. */
function parseFilter(text: string, path: string): ScimFilterClause[] {
  const parts: string[] = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if ((c === " " || c === "\t") && /^\s+and\s+/i.test(text.slice(i))) {
      parts.push(text.slice(start, i));
      const m = /^\s+and\s+/i.exec(text.slice(i))!;
      i += m[0].length - 1;
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => {
    const m = /^\s*([A-Za-z$][\w$-]*)\s+eq\s+(.+?)\s*$/i.exec(p);
    if (!m) throw invalid(path, `only "attribute eq value" filters are supported, not "${p.trim()}"`);
    return { attribute: m[1], value: parseLiteral(m[2], path) };
  });
}

export function parseScimPath(path: string): ScimPath {
  const cached = cache.get(path);
  if (cached) return cached;
  const parsed = parseUncached(path);
  if (cache.size > 2000) cache.clear();
  cache.set(path, parsed);
  return parsed;
}

function parseUncached(path: string): ScimPath {
  let rest = path.trim();
  if (rest === "") throw invalid(path, "it is empty");
  let schema: string | undefined;
  if (rest.slice(0, 4).toLowerCase() === "urn:") {
    const bracket = rest.indexOf("[");
    const head = bracket === -1 ? rest : rest.slice(0, bracket);
    const colon = head.lastIndexOf(":");
    schema = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
    if (schema.toLowerCase().startsWith(CORE_SCHEMA_PREFIX)) schema = undefined;
  }
  let filter: ScimFilterClause[] | undefined;
  let subAttribute: string | undefined;
  let attribute: string;
  const bracket = rest.indexOf("[");
  if (bracket !== -1) {
    const close = rest.lastIndexOf("]");
    if (close < bracket) throw invalid(path, "a [ is not closed");
    attribute = rest.slice(0, bracket);
    filter = parseFilter(rest.slice(bracket + 1, close), path);
    const after = rest.slice(close + 1);
    if (after !== "") {
      if (!after.startsWith(".")) throw invalid(path, `unexpected "${after}" after the filter`);
      subAttribute = after.slice(1);
    }
  } else {
    const dot = rest.indexOf(".");
    attribute = dot === -1 ? rest : rest.slice(0, dot);
    if (dot !== -1) subAttribute = rest.slice(dot + 1);
  }
  if (!NAME.test(attribute)) throw invalid(path, `"${attribute}" is not an attribute name`);
  if (subAttribute !== undefined && !NAME.test(subAttribute))
    throw invalid(path, `"${subAttribute}" is not a sub-attribute name`);
  return { schema, attribute, filter, subAttribute };
}

/** Own property of `obj` whose name equals `name` ignoring case (RFC 7643 §2.1), exact match first. */
function findKeyCI(obj: Record<string, unknown>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  for (const k in obj) if (k.toLowerCase() === lower) return k;
  return undefined;
}

export function getCI(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return undefined;
  const key = findKeyCI(obj as Record<string, unknown>, name);
  return key === undefined ? undefined : (obj as Record<string, unknown>)[key];
}

/** Does a multi-valued element satisfy every clause? Strings compare case-insensitively (type, primary "True"). */
export function matchesFilter(element: unknown, filter: ScimFilterClause[]): boolean {
  if (element === null || typeof element !== "object") return false;
  for (const clause of filter) {
    const actual = getCI(element, clause.attribute);
    if (!literalEquals(actual, clause.value)) return false;
  }
  return true;
}

function literalEquals(actual: unknown, expected: ScimFilterClause["value"]): boolean {
  if (actual === expected) return true;
  if (actual === undefined || actual === null) return expected === null;
  // "True" / true and "work" / "Work" mean the same thing to targets.
  return String(actual).toLowerCase() === String(expected).toLowerCase();
}

/** The value a filter clause writes into a new element; Entra's `primary eq "True"` becomes a boolean. */
export function clauseValueForWrite(clause: ScimFilterClause): ScimFilterClause["value"] {
  if (typeof clause.value === "string" && clause.attribute.toLowerCase() === "primary") {
    const l = clause.value.toLowerCase();
    if (l === "true") return true;
    if (l === "false") return false;
  }
  return clause.value;
}

/** RFC 7643 §4.3: the enterprise extension's manager is complex; mappings give the manager's id. */
export function isManagerPath(p: ScimPath): boolean {
  return (
    p.schema !== undefined &&
    p.attribute.toLowerCase() === "manager" &&
    p.subAttribute === undefined &&
    p.filter === undefined
  );
}
