import type { ScimClient, ScimResource, ScimResourceType } from "../../scim/create-scim-client";
import { readScimValue } from "../../scim/read-scim-value";

/** A target object found by matching: its id and its values at the mapped paths. */
export type MatchedObject = { id: string; values: Record<string, unknown> };
export type MatchResult = { found: MatchedObject | null; detail: string };

export type MatchMode = "none" | "index" | "query";

/**
 * Finds the target object for an unlinked source object by the matching attributes, in precedence order.
 * The strategy is chosen by cost, once per object type and cycle:
 * - "none": the target holds no objects of this type (one request found out): nothing to match;
 * - "index": the whole target was listed page by page and is matched in memory, when listing costs
 *   fewer requests than one query per unlinked object;
 * - "query": one `eq` filter query per object and attribute.
 */
export class TargetMatcher {
  mode: MatchMode = "query";
  private indexes = new Map<string, Map<string, MatchedObject>>();

  constructor(
    private readonly client: ScimClient,
    private readonly type: ScimResourceType,
    /** Matching attribute paths, in precedence order. */
    private readonly matchPaths: string[],
    /** Target paths whose current values are kept for diffing (the mapped attributes). */
    private readonly keepPaths: string[],
    private readonly pageSize: number,
  ) {}

  /** Decides the strategy for `unlinked` objects; may send requests (one probe, then pages). */
  async prepare(unlinked: number, forceQuery = false): Promise<MatchMode> {
    if (unlinked === 0 || this.matchPaths.length === 0) return (this.mode = unlinked === 0 ? "none" : "query");
    if (forceQuery || unlinked === 1) return (this.mode = "query");
    const first = await this.client.list(this.type, { startIndex: 1, count: this.pageSize });
    if (first.totalResults === 0 && first.Resources.length === 0) return (this.mode = "none");
    const got = first.Resources.length;
    // A target that caps the page below what was asked answers with its own page size.
    const perPage = got > 0 && got < this.pageSize && first.totalResults > got ? got : this.pageSize;
    const remainingPages = Math.ceil(Math.max(0, first.totalResults - got) / perPage);
    if (remainingPages >= unlinked) return (this.mode = "query");
    for (const path of this.matchPaths) this.indexes.set(path, new Map());
    for (const r of first.Resources) this.add(r);
    let startIndex = 1 + first.Resources.length;
    let previousFirst = first.Resources[0]?.id;
    while (startIndex <= first.totalResults) {
      const page = await this.client.list(this.type, { startIndex, count: this.pageSize });
      if (page.Resources.length === 0 || page.Resources[0].id === previousFirst) break;
      previousFirst = page.Resources[0].id;
      for (const r of page.Resources) this.add(r);
      startIndex += page.Resources.length;
    }
    return (this.mode = "index");
  }

  async match(matchOn: { path: string; value: unknown }[]): Promise<MatchResult> {
    if (matchOn.length === 0) return { found: null, detail: "No matching attribute has a value" };
    if (this.mode === "none")
      return { found: null, detail: `The target has no ${this.type.toLowerCase()} yet: nothing to match` };
    const tried: string[] = [];
    for (const m of matchOn) {
      const text = String(m.value);
      tried.push(`${m.path} = '${text}'`);
      if (this.mode === "index") {
        const hit = this.indexes.get(m.path)?.get(text.toLowerCase());
        if (hit) return { found: hit, detail: `Matched on ${m.path} = '${text}' (target id ${hit.id})` };
      } else {
        const r = await this.client.findOne(this.type, m.path, text);
        if (r) {
          const found = this.compact(r);
          return { found, detail: `Matched on ${m.path} = '${text}' (target id ${found.id})` };
        }
      }
    }
    return { found: null, detail: `No target object with ${tried.join(" or ")}` };
  }

  /** Matches with queries regardless of the mode (after a 409 or 404, the index may be stale). */
  async query(matchOn: { path: string; value: unknown }[]): Promise<MatchResult> {
    const saved = this.mode;
    this.mode = "query";
    try {
      return await this.match(matchOn);
    } finally {
      this.mode = saved;
    }
  }

  compact(r: ScimResource): MatchedObject {
    const values: Record<string, unknown> = {};
    for (const p of this.keepPaths) {
      if (p === "members") continue;
      const v = readScimValue(r, p);
      if (v !== undefined) values[p] = v;
    }
    return { id: r.id, values };
  }

  private add(r: ScimResource): void {
    const c = this.compact(r);
    for (const path of this.matchPaths) {
      const v = readScimValue(r, path);
      if (v === undefined || v === null) continue;
      const key = String(v).toLowerCase();
      const index = this.indexes.get(path)!;
      if (!index.has(key)) index.set(key, c);
    }
  }
}
