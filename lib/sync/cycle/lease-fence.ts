import { engineConfig } from "../engine-config";
import { cycleLeaseLost, renewCycleLease } from "./cycle-lease";

/**
 * A running cycle's hold on its job's lease, as this process knows it. An owner that stalls past its
 * lease (event loop blocked, a long pause, renewals failing) may find another process running the job's
 * cycle when it resumes; the fence stops it from sending anything more. The heartbeat renews the lease
 * and aborts the cycle when the renewal finds it taken. Before each request (`check`, the SCIM client's
 * beforeSend) the local clock says whether the lease may have lapsed since it was last confirmed: in the
 * normal case a comparison and nothing else, else the request waits for a renewal first: after a stall
 * requests would otherwise leave before the heartbeat's renewal answered, and while renewals get no
 * answer they would go on past the lease.
 */
export class LeaseFence {
  /** Until this Date.now() the lease is ours for sure: last confirmed + leaseMs − a margin. */
  private safeUntil: number;
  private confirming: Promise<void> | null = null;

  constructor(
    private readonly o: {
      jobId: string;
      /** The owner that holds the lease now (after a hand-over, this process's own, not its parent's). */
      owner: string;
      /** The cycle's, shared with the SCIM client and the runner. */
      abort: AbortController;
      /** Date.now() taken before the lease was acquired. */
      acquiredAt: number;
    },
  ) {
    this.safeUntil = o.acquiredAt + safeMs();
  }

  /** Before a request: undefined while the lease is surely ours, else a renewal to wait for first. */
  check(): Promise<void> | undefined {
    if (Date.now() < this.safeUntil) return undefined;
    // Requests waiting together share one renewal.
    return (this.confirming ??= this.confirm().finally(() => (this.confirming = null)));
  }

  /**
   * A renewal that must answer: by now the heartbeat's renewals have failed for most of the lease (or
   * could not run), so one that cannot reach the database either stops the cycle, a failure redone by
   * the next cycle, rather than let it send without knowing whose the job is.
   */
  private async confirm(): Promise<void> {
    try {
      await this.renew();
    } catch (e) {
      if (!this.o.abort.signal.aborted) {
        const why = e instanceof Error ? e.message : String(e);
        this.o.abort.abort(new Error(`This cycle could not confirm its lease on the job, so it stopped: ${why}`));
      }
      throw this.o.abort.signal.reason;
    }
  }

  /** The heartbeat's renewal. One that throws (database unreachable) proves nothing: check() decides later. */
  heartbeat(): void {
    void this.renew().catch(() => {});
  }

  /** Renews the lease; when it is another's, aborts the cycle and rejects with cycle.lease_lost. */
  private async renew(): Promise<void> {
    // The lease runs from before the renewal was sent: a slow answer does not make it look longer.
    const sentAt = Date.now();
    if (!(await renewCycleLease(this.o.jobId, this.o.owner))) {
      const lost = cycleLeaseLost();
      if (!this.o.abort.signal.aborted) this.o.abort.abort(lost);
      throw lost;
    }
    this.safeUntil = Math.max(this.safeUntil, sentAt + safeMs());
  }
}

/** How long a confirmed lease is relied on: a sixth short of it, for timer delays and clock steps. */
function safeMs(): number {
  const { leaseMs } = engineConfig();
  return leaseMs - leaseMs / 6;
}
