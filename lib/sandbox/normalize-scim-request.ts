import SCIMMY from "scimmy";
import type { ResourceKind } from "./sandbox-store";

/**
 * scimmy is stricter than Microsoft Entra ID. Before a request reaches it we accept what Entra (and other
 * real clients) send: PATCH `op` in any letter case ("Add", "Replace", "Remove"), and booleans as the strings
 * "True"/"False" (Entra's `"active": "False"`). Everything else is left for scimmy to validate.
 */

type Definition = InstanceType<typeof SCIMMY.Types.SchemaDefinition>;

const booleanCache = new WeakMap<Definition, Map<string, boolean>>();

function isBooleanAttribute(definition: Definition, path: string): boolean {
  let cache = booleanCache.get(definition);
  if (!cache) booleanCache.set(definition, (cache = new Map()));
  const key = path.toLowerCase();
  let result = cache.get(key);
  if (result === undefined) {
    try {
      result = String((definition.attribute(path) as unknown as { type?: unknown }).type) === "boolean";
    } catch {
      result = false;
    }
    cache.set(key, result);
  }
  return result;
}

function extensionIds(definition: Definition): string[] {
  return (definition.attributes as unknown[])
    .filter((a): a is Definition => a instanceof SCIMMY.Types.SchemaDefinition)
    .map((d) => d.id);
}

function join(prefix: string, key: string): string {
  if (!prefix) return key;
  return prefix.endsWith(":") ? prefix + key : `${prefix}.${key}`;
}

function coerceBooleans(definition: Definition, value: unknown, path: string): unknown {
  if (typeof value === "string") {
    if (!path || !isBooleanAttribute(definition, path)) return value;
    const text = value.trim().toLowerCase();
    return text === "true" ? true : text === "false" ? false : value;
  }
  if (Array.isArray(value)) return value.map((v) => coerceBooleans(definition, v, path));
  if (!value || typeof value !== "object") return value;
  const extensions = path ? [] : extensionIds(definition);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!path && key === "schemas") {
      out[key] = v;
      continue;
    }
    const extension = extensions.find((id) => id.toLowerCase() === key.toLowerCase());
    out[key] = coerceBooleans(definition, v, extension ? extension + ":" : join(path, key));
  }
  return out;
}

function definitionOf(kind: ResourceKind): Definition {
  return kind === "User" ? SCIMMY.Schemas.User.definition : SCIMMY.Schemas.Group.definition;
}

/** A PATCH path without value filters, for looking up its attribute: `emails[type eq "work"].primary` -> `emails.primary`. */
function attributePathOf(path: string): string {
  return path.replace(/\[[^\]]*\]/g, "");
}

/** POST and PUT bodies: boolean strings become booleans. */
export function normaliseResourceBody(kind: ResourceKind, body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  return coerceBooleans(definitionOf(kind), body, "");
}

/** PATCH bodies: lower-case `op`, and boolean strings become booleans (with or without a path). */
export function normalisePatchBody(kind: ResourceKind, body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const message = body as Record<string, unknown>;
  if (!Array.isArray(message.Operations)) return body;
  const definition = definitionOf(kind);
  return {
    ...message,
    Operations: message.Operations.map((operation) => {
      if (!operation || typeof operation !== "object" || Array.isArray(operation)) return operation;
      const op = operation as Record<string, unknown>;
      const path = typeof op.path === "string" ? op.path.trim() : undefined;
      return {
        ...op,
        ...(typeof op.op === "string" ? { op: op.op.trim().toLowerCase() } : {}),
        ...(path !== undefined ? { path } : {}),
        ...("value" in op ? { value: coerceBooleans(definition, op.value, path ? attributePathOf(path) : "") } : {}),
      };
    }),
  };
}

const VALUE_PATH = /^([A-Za-z][\w$-]*)\[\s*([A-Za-z][\w$-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]\.([A-Za-z][\w$-]*)$/i;

/**
 * Entra adds a new typed value with `{"op":"Add","path":"emails[type eq \"work\"].value","value":"..."}` (and
 * sometimes "Replace"), and expects the entry to be created when no work email exists yet. scimmy answers 400
 * noTarget. Where such a path matches no existing entry, rewrite the operation to add the entry
 * (`{"op":"add","path":"emails","value":[{"type":"work","value":"..."}]}`). Matching paths are left to scimmy.
 */
export function expandUnmatchedValuePaths(body: unknown, current: Record<string, unknown> | undefined): unknown {
  if (!current || !body || typeof body !== "object" || Array.isArray(body)) return body;
  const message = body as Record<string, unknown>;
  if (!Array.isArray(message.Operations)) return body;
  let changed = false;
  const operations = message.Operations.map((operation) => {
    const op = operation as Record<string, unknown> | null;
    if (!op || (op.op !== "add" && op.op !== "replace") || typeof op.path !== "string" || op.value === undefined)
      return operation;
    const match = VALUE_PATH.exec(op.path);
    if (!match) return operation;
    const [, attribute, filterAttribute, rawExpected, subAttribute] = match;
    const expected = JSON.parse(`"${rawExpected}"`) as string;
    const key = Object.keys(current).find((k) => k.toLowerCase() === attribute.toLowerCase());
    const entries = key && Array.isArray(current[key]) ? (current[key] as Array<Record<string, unknown>>) : [];
    const matches = entries.some((entry) => {
      const k = Object.keys(entry ?? {}).find((name) => name.toLowerCase() === filterAttribute.toLowerCase());
      const v = k ? entry[k] : undefined;
      return typeof v === "string" && v.toLowerCase() === expected.toLowerCase();
    });
    if (matches) return operation;
    changed = true;
    return { op: "add", path: attribute, value: [{ [filterAttribute]: expected, [subAttribute]: op.value }] };
  });
  return changed ? { ...message, Operations: operations } : body;
}
