import SCIMMY from "scimmy";
import { LEGACY_ENTRA_GROUP_SCHEMA } from "./write-pushed-group";

/**
 * Checks a SCIM push body before scimmy sees it. scimmy drops attributes its schemas do not declare without
 * a word; an IdP sending `fooBar` or a misspelt `name.givnName` would then lose data silently. Here such a
 * request is refused with a 400 that names the attribute. Sizes are bounded too: no real SCIM attribute is
 * longer than a few hundred characters, and deep or huge JSON only costs the server.
 */

const MAX_STRING_LENGTH = 4096;
const MAX_DEPTH = 8;
const MAX_ARRAY = 20_000;

type Definition = InstanceType<typeof SCIMMY.Types.SchemaDefinition>;
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const invalid = (detail: string, scimType = "invalidValue") => new SCIMMY.Types.Error(400, scimType, detail);

/** Strings, arrays and nesting within bounds; the first problem found, as a message. */
function sizeProblem(value: unknown, path: string, depth: number): string | null {
  if (typeof value === "string")
    return value.length > MAX_STRING_LENGTH
      ? `${path || "A value"} is longer than ${MAX_STRING_LENGTH} characters`
      : null;
  if (!value || typeof value !== "object") return null;
  if (depth > MAX_DEPTH) return `The body is nested more than ${MAX_DEPTH} levels deep`;
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY) return `${path || "An array"} has more than ${MAX_ARRAY} entries`;
    for (const v of value) {
      const p = sizeProblem(v, path, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.length > 300) return "An attribute name is longer than 300 characters";
    const p = sizeProblem(v, path ? `${path}.${k}` : k, depth + 1);
    if (p) return p;
  }
  return null;
}

function extensionIds(definition: Definition): string[] {
  return (definition.attributes as unknown[])
    .filter((a): a is Definition => a instanceof SCIMMY.Types.SchemaDefinition)
    .map((d) => d.id);
}

function declared(definition: Definition, path: string): boolean {
  try {
    definition.attribute(path);
    return true;
  } catch {
    return false;
  }
}

/** Attribute names in a resource (or a path-less PATCH value) that the schema does not declare. */
function unknownAttributes(definition: Definition, object: Record<string, unknown>): string[] {
  const extensions = extensionIds(definition).map((id) => id.toLowerCase());
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    const lower = key.toLowerCase();
    if (lower === "schemas") continue;
    if (extensions.includes(lower)) {
      // { "urn:…:enterprise:2.0:User": { "department": … } }
      if (value && typeof value === "object" && !Array.isArray(value)) {
        for (const sub of Object.keys(value)) if (!declared(definition, `${key}:${sub}`)) unknown.push(`${key}:${sub}`);
      }
      continue;
    }
    if (key.includes(":")) {
      // "urn:…:enterprise:2.0:User:employeeNumber" (Entra's path-less replace), or an undeclared extension.
      if (!declared(definition, key)) unknown.push(key);
      continue;
    }
    // "name.givenName" (Entra's path-less replace) or "name": { "givenName": … } or "emails": [{ … }].
    if (!declared(definition, key)) {
      unknown.push(key);
      continue;
    }
    const entries = Array.isArray(value) ? value : [value];
    for (const entry of entries) {
      if (!entry || typeof entry !== "object" || Array.isArray(entry)) continue;
      for (const sub of Object.keys(entry)) if (!declared(definition, `${key}.${sub}`)) unknown.push(`${key}.${sub}`);
    }
  }
  return [...new Set(unknown)];
}

function refuseUnknown(kind: "User" | "Group", names: string[]): void {
  if (names.length === 0) return;
  const shown = names.slice(0, 5).join(", ");
  throw invalid(
    `Unknown attribute${names.length > 1 ? "s" : ""} ${shown}${names.length > 5 ? ` (and ${names.length - 5} more)` : ""}: ` +
      `this endpoint accepts the SCIM core ${kind} schema${kind === "User" ? " and the enterprise extension" : ""} (see /Schemas)`,
  );
}

function definitionOf(kind: "User" | "Group"): Definition {
  return kind === "User" ? SCIMMY.Schemas.User.definition : SCIMMY.Schemas.Group.definition;
}

/** A POST or PUT body: a JSON object within bounds, with declared attributes only. */
export function checkResourceBody(kind: "User" | "Group", body: unknown): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw invalid("The body must be a JSON object", "invalidSyntax");
  const problem = sizeProblem(body, "", 0);
  if (problem) throw invalid(problem);
  refuseUnknown(kind, unknownAttributes(definitionOf(kind), body as Record<string, unknown>));
  const object = body as Record<string, unknown>;
  // Entra's legacy group schema marker is accepted and dropped: it declares nothing scimmy would check.
  if (Array.isArray(object.schemas))
    return { ...object, schemas: object.schemas.filter((s) => s !== LEGACY_ENTRA_GROUP_SCHEMA) };
  return object;
}

/** A PATCH body: a PatchOp message within bounds; path-less values may only name declared attributes. */
export function checkPatchBody(kind: "User" | "Group", body: unknown): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw invalid("The body must be a JSON object", "invalidSyntax");
  const problem = sizeProblem(body, "", 0);
  if (problem) throw invalid(problem);
  const message = body as Record<string, unknown>;
  if (!Array.isArray(message.Operations) || message.Operations.length === 0)
    throw invalid("A PATCH needs Operations: a non-empty array of add, replace and remove operations", "invalidSyntax");
  if (message.Operations.length > 1000) throw invalid("At most 1000 operations per PATCH", "tooMany");
  const definition = definitionOf(kind);
  for (const raw of message.Operations) {
    const op = raw as { path?: unknown; value?: unknown } | null;
    if (op && op.path === undefined && op.value && typeof op.value === "object" && !Array.isArray(op.value)) {
      refuseUnknown(kind, unknownAttributes(definition, op.value as Record<string, unknown>));
    }
  }
  return { ...message, schemas: Array.isArray(message.schemas) ? message.schemas : [PATCH_OP] };
}
