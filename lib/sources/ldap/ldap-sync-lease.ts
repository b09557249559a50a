import { databaseNow } from "../../db/database-clock";
import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";

/**
 * How long a sync run holds its source, and how often it renews that hold. A run renews while it reads, so
 * a full read of any length keeps its source; a process that died frees it within LDAP_LEASE_MS. Renewal
 * tolerates a database that does not answer for a few minutes.
 */
const LDAP_LEASE_MS = 5 * 60_000;
const LDAP_RENEW_MS = 60_000;

export type LdapLeaseTiming = { leaseMs?: number; renewMs?: number };

const LOST_MESSAGE =
  "This sync lost its hold on the source (another process took it over after the hold expired, or the process that started the sync stopped it), so it stopped without deleting anything or moving the watermark. The next sync reads again.";

/**
 * A sync run's hold on its LDAP source. The source's row names the run that holds it (`leaseRunId`): the
 * run renews only its own hold, and a run that finds the row names another (or none) has lost it. A run
 * that went on after losing its hold would write beside the run that took over, and its full reconcile
 * would soft-delete every object that other run had already marked as seen.
 */
export class LdapSyncLease {
  private lost = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private renewing: Promise<void> | null = null;
  private rejectLost: ((e: AppError) => void) | null = null;
  private readonly writes = new Set<Promise<void>>();
  /** Rejects once the hold is lost: the run races its reads against it, so a stalled read stops too. */
  readonly whenLost: Promise<never>;

  private constructor(
    readonly sourceId: string,
    readonly runId: number,
    private readonly leaseMs: number,
  ) {
    this.whenLost = new Promise<never>((_, reject) => (this.rejectLost = reject));
    this.whenLost.catch(() => {}); // observed by whoever races it; never an unhandled rejection
  }

  /**
   * Takes the source and starts its run in one transaction: a process that holds the source always has a
   * Running run, so whoever sees that process stop can fail its run and free the source.
   */
  static async take(
    sourceId: string,
    now: Date,
    mode: "Full" | "Delta",
    timing: LdapLeaseTiming = {},
  ): Promise<LdapSyncLease> {
    const leaseMs = timing.leaseMs ?? LDAP_LEASE_MS;
    const runId = await prisma.$transaction(async (tx) => {
      const run = await tx.ldapSyncRun.create({
        data: { sourceId, mode, status: "Running", startedAt: now },
        select: { id: true },
      });
      const { count } = await tx.ldapSourceConfig.updateMany({
        where: { sourceId, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        data: { leaseUntil: new Date(now.getTime() + leaseMs), leaseRunId: run.id },
      });
      // Thrown inside the transaction: the run row is rolled back with it.
      if (count === 0) throw new AppError("ldap.sync_running", "A sync of this source is running.");
      return run.id;
    });
    const lease = new LdapSyncLease(sourceId, runId, leaseMs);
    lease.timer = setInterval(() => void lease.renew(), timing.renewMs ?? LDAP_RENEW_MS);
    lease.timer.unref?.();
    return lease;
  }

  /** Throws when the hold is known to be lost (checked between pages and before each write). */
  assertHeld(): void {
    if (this.lost) throw ldapLeaseLostError();
  }

  /**
   * Renews now and throws unless the hold is this run's: before a step that must not run without it
   * (deletions). Unlike the timer's renewals, a database that does not answer fails the step too.
   */
  async confirm(): Promise<void> {
    this.assertHeld();
    await this.renewing?.catch(() => {});
    await this.extend();
    this.assertHeld();
  }

  /** Keeps a page's database write, so a run that lost its hold mid-write lets that write end before its own. */
  track(write: Promise<void>): Promise<void> {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write)).catch(() => {});
    return write;
  }

  /** Waits for the page writes under way (database writes only, never an LDAP search). */
  async writesSettled(): Promise<void> {
    await Promise.allSettled([...this.writes]);
  }

  /** Stops renewing (the run is ending; its last write frees the source). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Extends the hold, only while this run still holds it. A database that does not answer is tried again at
   * the next renewal; only a row that names another run (or none) loses the hold.
   */
  renew(): Promise<void> {
    if (this.lost) return Promise.resolve();
    return (this.renewing ??= (async () => {
      try {
        await this.extend();
      } catch {
        // Not answered: the hold stands until its time runs out, and the next renewal tries again.
      } finally {
        this.renewing = null;
      }
    })());
  }

  /** Moves the hold's end on while the row still names this run; marks it lost when it does not. */
  private async extend(): Promise<void> {
    const now = await databaseNow();
    const { count } = await prisma.ldapSourceConfig.updateMany({
      where: { sourceId: this.sourceId, leaseRunId: this.runId },
      data: { leaseUntil: new Date(now.getTime() + this.leaseMs) },
    });
    if (count === 0) this.markLost();
  }

  private markLost(): void {
    this.lost = true;
    this.stop();
    this.rejectLost?.(ldapLeaseLostError());
  }
}

/** What a run that lost its source says (its log's message). */
export function ldapLeaseLostError(): AppError {
  return new AppError("ldap.lease_lost", LOST_MESSAGE);
}
