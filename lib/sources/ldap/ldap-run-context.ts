import type { LdapSettings } from "./ldap-settings";
import { LdapEntryError } from "./map-ldap-entry";

export type LdapEntryProblem = { dn: string; identity: string | null; reason: string };

/** The per-entry errors a run keeps for its log; the count goes on past them. */
const MAX_LOGGED_ERRORS = 200;

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
