import SCIMMY from "scimmy";
import type { IndexedAttribute, ScimObject } from "./sandbox-store";

/**
 * scimmy's Filter compares strings exactly, but RFC 7644 §3.4.2.2 says attributes with caseExact=false
 * (userName, displayName, emails.value, ...) compare case-insensitively. So we lower-case, per the schema,
 * both the filter's comparison values and a view of each candidate, and let scimmy's Filter do the matching.
 * It also rewrites extension-qualified filter paths (`urn:...:enterprise:2.0:User:department eq "x"`), which
 * scimmy's Filter.match does not resolve, into the nested shape the stored JSON has.
 */

type Definition = InstanceType<typeof SCIMMY.Types.SchemaDefinition>;
type AstNode = Record<string, unknown>;

const lowerableCache = new WeakMap<Definition, Map<string, boolean>>();

function isCaseInsensitiveString(definition: Definition, path: string): boolean {
  let cache = lowerableCache.get(definition);
  if (!cache) lowerableCache.set(definition, (cache = new Map()));
  const key = path.toLowerCase();
  let result = cache.get(key);
  if (result === undefined) {
    try {
      const attribute = definition.attribute(path) as unknown as { type?: unknown; config?: { caseExact?: boolean } };
      result = String(attribute.type) === "string" && attribute.config?.caseExact === false;
    } catch {
      result = false; // unknown attribute: compare exactly
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

function nest(path: string, value: unknown): AstNode {
  const parts = path.split(".");
  let node: unknown = value;
  for (let i = parts.length - 1; i >= 0; i--) node = { [parts[i]]: node };
  return node as AstNode;
}

function mergeNodes(a: AstNode, b: AstNode): AstNode {
  const out: AstNode = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = out[k];
    out[k] =
      existing &&
      typeof existing === "object" &&
      !Array.isArray(existing) &&
      v &&
      typeof v === "object" &&
      !Array.isArray(v)
        ? mergeNodes(existing as AstNode, v as AstNode)
        : v;
  }
  return out;
}

function transformExpressionValue(definition: Definition, value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    if (value.length > 0 && typeof value[0] === "string") {
      // A single expression: [comparator, expected] or ["not", comparator, expected].
      const expression = [...value];
      const expectedIndex = String(expression[0]).toLowerCase() === "not" ? 2 : 1;
      if (typeof expression[expectedIndex] === "string" && isCaseInsensitiveString(definition, path)) {
        expression[expectedIndex] = (expression[expectedIndex] as string).toLowerCase();
      }
      return expression;
    }
    return value.map((e) =>
      Array.isArray(e) ? transformExpressionValue(definition, e, path) : transformNode(definition, e as AstNode, path),
    );
  }
  if (value && typeof value === "object") return transformNode(definition, value as AstNode, path);
  return value;
}

function transformNode(definition: Definition, node: AstNode, prefix: string): AstNode {
  let out: AstNode = {};
  const extensions = prefix ? [] : extensionIds(definition);
  for (const [key, value] of Object.entries(node)) {
    const extension = extensions.find((id) => key.toLowerCase().startsWith(id.toLowerCase() + ":"));
    if (extension) {
      const rest = key.slice(extension.length + 1);
      const nested = transformNode(definition, nest(rest, value), extension + ":");
      out = mergeNodes(out, { [extension]: nested });
      continue;
    }
    out[key] = transformExpressionValue(definition, value, join(prefix, key));
  }
  return out;
}

/** A copy of a stored resource with every case-insensitive string lower-cased, for matching only. */
function caseFoldedView(definition: Definition, data: unknown, prefix = ""): unknown {
  if (Array.isArray(data)) return data.map((e) => caseFoldedView(definition, e, prefix));
  if (!data || typeof data !== "object") {
    return typeof data === "string" && prefix && isCaseInsensitiveString(definition, prefix)
      ? data.toLowerCase()
      : data;
  }
  const extensions = prefix ? [] : extensionIds(definition);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const extension = extensions.find((id) => id.toLowerCase() === key.toLowerCase());
    out[key] = caseFoldedView(definition, value, extension ? extension + ":" : join(prefix, key));
  }
  return out;
}

export type PreparedFilter = {
  filter: InstanceType<typeof SCIMMY.Types.Filter>;
  /** An `eq` on an indexed attribute in a filter with a single branch: the store can narrow the candidates. */
  hint?: { attribute: IndexedAttribute; value: string };
};

const indexed: Record<string, IndexedAttribute> = {
  id: "id",
  username: "userName",
  externalid: "externalId",
  displayname: "displayName",
};

/** Rewrites a parsed scimmy Filter for case-insensitive matching and finds an index hint. */
export function prepareFilter(
  definition: Definition,
  filter: InstanceType<typeof SCIMMY.Types.Filter>,
): PreparedFilter {
  const ast = JSON.parse(JSON.stringify([...filter])) as AstNode[];
  const transformed = ast.map((branch) => transformNode(definition, branch, ""));
  const prepared: PreparedFilter = { filter: new SCIMMY.Types.Filter(transformed) };
  if (transformed.length === 1) {
    for (const [key, value] of Object.entries(transformed[0])) {
      const attribute = indexed[key.toLowerCase()];
      if (
        attribute &&
        Array.isArray(value) &&
        value.length === 2 &&
        String(value[0]).toLowerCase() === "eq" &&
        typeof value[1] === "string"
      ) {
        prepared.hint = { attribute, value: value[1] };
        break;
      }
    }
  }
  return prepared;
}

/** The candidates that match the prepared filter, in their original order and form. */
export function matchFilter(definition: Definition, prepared: PreparedFilter, candidates: ScimObject[]): ScimObject[] {
  if (candidates.length === 0) return [];
  const views = candidates.map((c) => caseFoldedView(definition, c) as Record<string, unknown>);
  const originals = new Map<unknown, ScimObject>(views.map((v, i) => [v, candidates[i]]));
  let matched: unknown[];
  try {
    matched = prepared.filter.match(views);
  } catch {
    // scimmy's Filter.match throws on a complex-attribute filter (emails[type eq "work"]) when a resource
    // lacks the attribute. Match one by one, treating a throw as "does not match".
    matched = views.filter((v) => {
      try {
        return prepared.filter.match([v]).length > 0;
      } catch {
        return false;
      }
    });
  }
  return matched.map((v) => originals.get(v)!).filter(Boolean);
}
