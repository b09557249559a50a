import type { PatchOp } from "./create-scim-client";
import { eqFilter } from "./escape-filter-value";
import { normaliseWholeValue } from "./build-scim-resource";
import { clauseValueForWrite, parseScimPath } from "./parse-scim-path";

/**
 * The PATCH operations (RFC 7644 §3.5.2) that take a target object from `previous` to `next`, both keyed
 * by mapping path (the values last exported, and the values now mapped). Only attributes that differ are
 * sent:
 * - a value that became null/undefined: `remove` at the path (filters kept: `emails[type eq "work"].value`);
 * - a changed value: `replace` at the path (filters kept);
 * - a value that is new: `add` at the path. For a filtered path the filter could match nothing at the
 *   target (RFC 7644 §3.5.2.3 makes that a `noTarget` error), so the element is added to the
 *   multi-valued attribute instead: `add emails [{ type: "work", value }]`.
 * The op names are lower case here; the client writes them in the target's letter case.
 */
export function buildPatchOps(previous: Record<string, unknown>, next: Record<string, unknown>): PatchOp[] {
  const ops: PatchOp[] = [];
  for (const path in next) {
    const before = previous[path];
    const after = next[path];
    if (isAbsent(after)) {
      if (!isAbsent(before)) ops.push({ op: "remove", path });
      continue;
    }
    if (valuesEqual(before, after)) continue;
    const p = parseScimPath(path);
    if (!isAbsent(before)) {
      ops.push({ op: "replace", path, value: normaliseWholeValue(p, after) });
    } else if (p.filter) {
      const element: Record<string, unknown> = {};
      for (const clause of p.filter) element[clause.attribute] = clauseValueForWrite(clause);
      if (p.subAttribute !== undefined) element[p.subAttribute] = after;
      else if (typeof after === "object" && !Array.isArray(after)) Object.assign(element, after);
      else element.value = after;
      const attributePath = p.schema === undefined ? p.attribute : `${p.schema}:${p.attribute}`;
      ops.push({ op: "add", path: attributePath, value: [element] });
    } else {
      ops.push({ op: "add", path, value: normaliseWholeValue(p, after) });
    }
  }
  for (const path in previous) {
    if (path in next) continue;
    if (!isAbsent(previous[path])) ops.push({ op: "remove", path });
  }
  return ops;
}

/**
 * Group membership changes as PATCH requests: each inner array is the Operations of one request, with at
 * most `batchSize` member changes. Removals are one `remove members[value eq "id"]` op each (the form
 * every target accepts; `or` filters are not universal); additions are one `add members` op per request
 * with `value: [{ value: id }, ...]`.
 *
 * Batch size 100: a group of up to 100 changed members costs one request, which keeps initial cycles
 * (groups of ~50 members) at one PATCH per group, while request bodies stay around 5 KB — well under the
 * body limits targets set (Entra itself sends membership in small batches).
 */
export function buildMemberPatchOps(add: string[], remove: string[], batchSize = 100): PatchOp[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
  const requests: PatchOp[][] = [];
  let current: PatchOp[] = [];
  let used = 0;
  let pendingAdds: { value: string }[] = [];
  const flush = () => {
    if (pendingAdds.length) current.push({ op: "add", path: "members", value: pendingAdds });
    if (current.length) requests.push(current);
    current = [];
    pendingAdds = [];
    used = 0;
  };
  for (const id of remove) {
    current.push({ op: "remove", path: `members[${eqFilter("value", id)}]` });
    if (++used === batchSize) flush();
  }
  for (const id of add) {
    pendingAdds.push({ value: id });
    if (++used === batchSize) flush();
  }
  flush();
  return requests;
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null;
}

/** Structural equality for exported values (JSON-like data). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isAbsent(a) && isAbsent(b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => !isAbsent(ao[k]));
  const bk = Object.keys(bo).filter((k) => !isAbsent(bo[k]));
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!valuesEqual(ao[k], bo[k])) return false;
  return true;
}
