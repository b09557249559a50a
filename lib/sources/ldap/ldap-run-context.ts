import type { LdapSettings } from "./ldap-settings";
import { LdapEntryError } from "./map-ldap-entry";

export type LdapEntryProblem = { dn: string; identity: string | null; reason: string };

/** The per-entry errors a run keeps for its log; the count goes on past them. */
const MAX_LOGGED_ERRORS = 200;

/** Member DNs kept to be settled at the end of a run; past this many, they are counted as unknown at once. */
const MAX_DEFERRED_MEMBERS = 50_000;

/** What one sync run carries from page to page: its counts, its logged errors, the watermark it reached. */
export class LdapRunContext {
  readonly counts = { read: 0, created: 0, updated: 0, deleted: 0, failed: 0 };
  readonly errors: LdapEntryProblem[] = [];
  /** The highest modifyTimestamp or uSNChanged read in this run. */
  watermark: string | null = null;
  /** Objects written in this run, so the source's lastChangeAt moves only when something changed. */
  changed = 0;
  /** Anchors of entries that were read but failed: a full reconcile must not delete their objects. */
  readonly failedAnchors = new Set<string>();
  /**
   * Group members that are not users of this source: nested groups (counted, not stored) and DNs that name
   * nothing this source reads. Neither fails the group; the run's log says how many.
   */
  readonly members = { nestedGroups: 0, unresolved: 0 };
  private deferred = new Map<string, number>();

  constructor(
    readonly sourceId: string,
    readonly runId: number,
    readonly settings: LdapSettings,
    readonly full: boolean,
  ) {}

  fail(e: unknown, fallback: { dn: string; identity?: string | null; anchor?: string | null }): void {
    this.counts.failed += 1;
    if (fallback.anchor) this.failedAnchors.add(fallback.anchor);
    const problem =
      e instanceof LdapEntryError
        ? { dn: e.dn, identity: e.identity, reason: e.message }
        : { dn: fallback.dn, identity: fallback.identity ?? null, reason: e instanceof Error ? e.message : String(e) };
    if (this.errors.length < MAX_LOGGED_ERRORS) this.errors.push({ ...problem, reason: problem.reason.slice(0, 500) });
  }

  /** A member DN not known yet: maybe a group read later in this run. */
  deferMember(key: string): void {
    const n = this.deferred.get(key);
    if (n !== undefined) this.deferred.set(key, n + 1);
    else if (this.deferred.size < MAX_DEFERRED_MEMBERS) this.deferred.set(key, 1);
    else this.members.unresolved += 1;
  }

  takeDeferredMembers(): Map<string, number> {
    const pending = this.deferred;
    this.deferred = new Map();
    return pending;
  }

  /** The log's note on members that are not users, or null. */
  memberNote(): string | null {
    const { nestedGroups, unresolved } = this.members;
    const parts: string[] = [];
    if (nestedGroups > 0)
      parts.push(
        `${nestedGroups} group member${nestedGroups === 1 ? " is a group" : "s are groups"} (nested groups): as in Entra provisioning, a group's members here are its direct user members, so nested groups are not stored as members or expanded. Assign a nested group to an application itself to provision its members.`,
      );
    if (unresolved > 0)
      parts.push(
        `${unresolved} group member${unresolved === 1 ? " names" : "s name"} no user or group this source reads (outside the base DN or the filters, or an entry that failed), and ${unresolved === 1 ? "was" : "were"} left out.`,
      );
    return parts.length > 0 ? parts.join(" ") : null;
  }

  /** Keeps the highest delta value seen: timestamps compare as text (same format), USNs as numbers. */
  see(value: string | null): void {
    if (!value) return;
    const numeric = this.settings.deltaAttribute === "uSNChanged";
    if (numeric && !/^\d{1,20}$/.test(value)) return;
    if (!numeric && !/^\d{14}(\.\d+)?Z$/.test(value)) return;
    if (this.watermark === null) this.watermark = value;
    else if (numeric ? BigInt(value) > BigInt(this.watermark) : value > this.watermark) this.watermark = value;
  }
}
