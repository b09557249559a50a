import type { ScimClient, ScimResource, ScimResourceType } from "../../scim/create-scim-client";
import { readScimValue } from "../../scim/read-scim-value";
import { isScimError } from "../../scim/scim-error";
import { loadLinksByTargetId, loadSnapshotRows, saveSnapshotRows, type SnapshotRow } from "../store/target-snapshot";
import type { ObjectType, TargetObservation } from "../sync-types";
import { isCredentialsRefusal } from "./credentials-rejected";

export type ReadMode = "none" | "list" | "get";

export type TargetReaderOptions = {
  client: ScimClient;
  type: ObjectType;
  jobId: string;
  /** The read's key in TargetSnapshot (one per cycle or report). */
  readId: string;
  /** Mapped target paths whose values the plan compares (members excluded). */
  keepPaths: string[];
  pageSize: number;
};

/**
 * A reconcile's read of the target: the actual state of linked objects, so the plan compares with the
 * target and not only with the values last exported. The strategy is chosen by cost, once per type:
 * - "list": the target is read page by page into TargetSnapshot (bounded memory), when that costs fewer
 *   requests than one GET per linked object, or always for the drift report (orphaned accounts need it);
 * - "get": one GET per linked object, as the plan asks for them.
 * Either way `observe` answers from the snapshot first. An object a complete listing did not hold is gone;
 * after an incomplete one (a target that ignores startIndex) it is asked for with a GET (404: gone).
 * 401/403 are thrown (they stop the cycle); other failures make the object "unreadable".
 */
export class TargetReader {
  mode: ReadMode = "none";
  /** The listing read every page (a target that ignores startIndex stops it early). */
  complete = false;
  /** Target objects read by listing. */
  listed = 0;
  private readonly scimType: ScimResourceType;

  constructor(private readonly o: TargetReaderOptions) {
    this.scimType = o.type === "User" ? "Users" : "Groups";
  }

  /** Decides the strategy for `linked` objects and, for "list", reads the whole target. */
  async prepare(linked: number, opts: { listAlways?: boolean } = {}): Promise<ReadMode> {
    if (linked === 0 && !opts.listAlways) return (this.mode = "none");
    if (linked === 1 && !opts.listAlways) return (this.mode = "get");
    const { client, pageSize } = this.o;
    const first = await client.list(this.scimType, { startIndex: 1, count: pageSize });
    await this.save(first.Resources, true);
    const got = first.Resources.length;
    // A target that caps the page below what was asked answers with its own page size.
    const perPage = got > 0 && got < pageSize && first.totalResults > got ? got : pageSize;
    const remainingPages = Math.ceil(Math.max(0, first.totalResults - got) / perPage);
    if (!opts.listAlways && remainingPages >= linked) return (this.mode = "get");
    this.mode = "list";
    let startIndex = 1 + got;
    let previousFirst = first.Resources[0]?.id;
    this.complete = got === 0 || startIndex > first.totalResults;
    while (!this.complete) {
      const page = await client.list(this.scimType, { startIndex, count: pageSize });
      if (page.Resources.length === 0 || page.Resources[0].id === previousFirst) break;
      previousFirst = page.Resources[0].id;
      await this.save(page.Resources, true);
      startIndex += page.Resources.length;
      this.complete = startIndex > page.totalResults;
    }
    return this.mode;
  }

  /** The target's state of these linked objects (by target id): from the snapshot, else one GET each. */
  async observe(targetIds: string[]): Promise<Map<string, TargetObservation>> {
    const out = new Map<string, TargetObservation>(await loadSnapshotRows(this.o.readId, this.o.type, targetIds));
    const unread = targetIds.filter((id) => !out.has(id));
    if (this.mode === "list" && this.complete) {
      // Not in a complete listing: gone. (Should the listing have missed it, matching finds it again by
      // its matching attributes before anything is created.)
      for (const id of unread) out.set(id, { state: "missing", targetId: id });
      return out;
    }
    const fetched: ScimResource[] = [];
    await Promise.all(
      unread.map(async (id) => {
        try {
          fetched.push(await this.o.client.get(this.scimType, id));
        } catch (e) {
          if (isCredentialsRefusal(e) || !isScimError(e)) throw e;
          out.set(
            id,
            e.kind === "notFound" ? { state: "missing", targetId: id } : { state: "unreadable", error: e.message },
          );
        }
      }),
    );
    // Written too, so that a group's members read here are found again by the member phase.
    await this.save(fetched, false);
    for (const r of fetched) out.set(r.id, this.toObservation(this.toRow(r)));
    return out;
  }

  /**
   * The members these groups hold at the target, as the source ids of the users linked to them, from what
   * this read saw (no request). Members no directory user is linked to are left out: they are not ours.
   */
  async observeMembers(groupTargetIds: string[]): Promise<Map<string, string[]>> {
    const groups = await loadSnapshotRows(this.o.readId, "Group", groupTargetIds);
    const memberTargetIds: string[] = [];
    for (const g of groups.values()) for (const id of g.members ?? []) memberTargetIds.push(id);
    const links = await loadLinksByTargetId(this.o.jobId, "User", memberTargetIds);
    const out = new Map<string, string[]>();
    for (const [id, g] of groups)
      out.set(
        id,
        (g.members ?? []).flatMap((t) => (links.has(t) ? [links.get(t)!] : [])),
      );
    return out;
  }

  private async save(resources: ScimResource[], listing: boolean): Promise<void> {
    if (resources.length === 0) return;
    if (listing) this.listed += resources.length;
    await saveSnapshotRows(
      this.o.jobId,
      this.o.readId,
      resources.map((r) => this.toRow(r)),
    );
  }

  private toRow(r: ScimResource): SnapshotRow {
    const values: Record<string, unknown> = {};
    for (const p of this.o.keepPaths) {
      if (p === "members") continue;
      const v = readScimValue(r, p);
      if (v !== undefined) values[p] = v;
    }
    const identity = readScimValue(r, this.o.type === "User" ? "userName" : "displayName");
    return {
      objectType: this.o.type,
      targetId: r.id,
      identity: typeof identity === "string" ? identity : null,
      values,
      members: this.o.type === "Group" ? memberIds(r) : null,
    };
  }

  private toObservation(row: SnapshotRow): TargetObservation {
    return { state: "found", values: row.values, members: row.members };
  }
}

/**
 * A group's member target ids (`members: [{ value }]`). No members attribute is no members (RFC 7643 §2.5):
 * should a target leave members out of its listings, the member phase adds every member again (harmless)
 * and removes none.
 */
function memberIds(r: ScimResource): string[] {
  const m = r.members ?? r.Members;
  if (!Array.isArray(m)) return [];
  const ids: string[] = [];
  for (const e of m) {
    const v = e && typeof e === "object" ? (e as { value?: unknown }).value : undefined;
    if (typeof v === "string" || typeof v === "number") ids.push(String(v));
  }
  return ids;
}
