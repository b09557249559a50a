import { getCI, isManagerPath, matchesFilter, parseScimPath } from "./parse-scim-path";

/**
 * What a SCIM resource holds at a mapping path: the inverse of buildScimResource, for matching and
 * diffing. Attribute names and schema URNs match case-insensitively (RFC 7643 §2.1). Returns undefined
 * when the resource has nothing there. A manager `{ value: id }` reads as the id.
 *
 * `emails.value` (a sub-attribute of a multi-valued attribute without a filter) reads the primary
 * element's value, or the first one's.
 */
export function readScimValue(resource: Record<string, unknown> | null | undefined, path: string): unknown {
  if (!resource) return undefined;
  const p = parseScimPath(path);
  const container = p.schema === undefined ? resource : getCI(resource, p.schema);
  let value = getCI(container, p.attribute);
  if (value === undefined || value === null) return undefined;
  if (p.filter) {
    if (!Array.isArray(value)) return undefined;
    value = value.find((e) => matchesFilter(e, p.filter!));
    if (value === undefined) return undefined;
    return p.subAttribute === undefined ? value : nullToUndefined(getCI(value, p.subAttribute));
  }
  if (p.subAttribute !== undefined) {
    if (Array.isArray(value)) {
      const chosen = value.find((e) => getCI(e, "primary") === true) ?? value[0];
      return nullToUndefined(getCI(chosen, p.subAttribute));
    }
    return nullToUndefined(getCI(value, p.subAttribute));
  }
  if (isManagerPath(p) && typeof value === "object" && !Array.isArray(value))
    return nullToUndefined(getCI(value, "value"));
  return value;
}

function nullToUndefined(v: unknown): unknown {
  return v === null ? undefined : v;
}
