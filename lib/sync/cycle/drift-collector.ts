import type { MemberUpdate } from "../plan/plan-member-updates";
import type { ObjectType, PlannedOperation } from "../sync-types";

/** One linked object whose state at the target differs from what Provisio would provision. */
export type DriftDifference = {
  objectType: ObjectType;
  sourceId: string;
  identity: string;
  /** The target object it is linked to. */
  targetId: string | null;
  /** Linked, in scope, and gone from the target (Restart creates it again). */
  missingAtTarget: boolean;
  /** Attributes whose value at the target differs: ours (what Provisio sends) and theirs. */
  attributes: { name: string; ours: unknown; theirs: unknown }[];
  /** A group's members: directory members missing at the target, and linked users there that do not belong. */
  members: { missing: string[]; extra: string[]; missingCount: number; extraCount: number } | null;
};

/** A target account (user or group) that no directory object is linked to. */
export type OrphanedAccount = {
  objectType: ObjectType;
  targetId: string;
  identity: string | null;
  active: boolean | null;
};

/** Names listed per group for missing and extra members; the counts are complete. */
export const MEMBER_NAMES_SHOWN = 20;

/**
 * Collects a drift report's findings in bounded memory: complete counts, and at most `limit` differences and
 * `limit` orphaned accounts listed (the rest are counted).
 */
export class DriftCollector {
  readonly differences: DriftDifference[] = [];
  readonly orphans: OrphanedAccount[] = [];
  counts = { attributes: 0, missingAtTarget: 0, members: 0, unreadable: 0 };
  orphanCounts = { users: 0, groups: 0 };
  compared = { users: 0, groups: 0 };
  differing = 0;
  /** Groups counted as differing already (their attributes), so their members do not count them twice. */
  private readonly differingGroups = new Set<string>();

  constructor(private readonly limit: number) {}

  /** One linked object, planned against what the target holds. */
  addOperation(op: PlannedOperation): void {
    if (op.objectType === "User") this.compared.users++;
    else this.compared.groups++;
    const o = op.observed;
    if (!o) return;
    if (o.state === "unreadable") {
      this.counts.unreadable++;
      return;
    }
    const missing = o.state === "missing" && op.scope === "InScope";
    const attributes =
      o.state === "found" ? op.changes.map((c) => ({ name: c.name, ours: c.newValue, theirs: c.oldValue })) : [];
    if (!missing && attributes.length === 0) return;
    if (missing) this.counts.missingAtTarget++;
    else this.counts.attributes++;
    this.differing++;
    if (op.objectType === "Group") this.differingGroups.add(op.sourceId);
    this.list({
      objectType: op.objectType,
      sourceId: op.sourceId,
      identity: op.identity,
      targetId: o.state === "missing" ? o.targetId : (op.connector?.targetId ?? null),
      missingAtTarget: missing,
      attributes,
      members: null,
    });
  }

  /** A group whose members at the target differ; `names` gives the members' user principal names. */
  addMembers(update: MemberUpdate, identity: string, names: Map<string, string>): void {
    this.counts.members++;
    const members = {
      missing: update.delta.add.slice(0, MEMBER_NAMES_SHOWN).map((id) => names.get(id) ?? id),
      extra: update.delta.remove.slice(0, MEMBER_NAMES_SHOWN).map((id) => names.get(id) ?? id),
      missingCount: update.delta.add.length,
      extraCount: update.delta.remove.length,
    };
    const listed = this.differences.find((d) => d.objectType === "Group" && d.sourceId === update.groupId);
    if (listed) {
      listed.members = members;
      return;
    }
    if (!this.differingGroups.has(update.groupId)) this.differing++;
    this.list({
      objectType: "Group",
      sourceId: update.groupId,
      identity,
      targetId: update.conn.targetId,
      missingAtTarget: false,
      attributes: [],
      members,
    });
  }

  addOrphan(account: OrphanedAccount): void {
    if (account.objectType === "User") this.orphanCounts.users++;
    else this.orphanCounts.groups++;
    if (this.orphans.length < this.limit) this.orphans.push(account);
  }

  get differencesTruncated(): boolean {
    return this.differing > this.differences.length;
  }

  get orphansTruncated(): boolean {
    return this.orphanCounts.users + this.orphanCounts.groups > this.orphans.length;
  }

  private list(d: DriftDifference): void {
    if (this.differences.length < this.limit) this.differences.push(d);
  }
}
