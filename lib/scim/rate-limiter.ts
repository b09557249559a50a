import { performance } from "node:perf_hooks";

type Waiter = { resolve: () => void; reject: (e: unknown) => void };

/**
 * Send slots of one target shared with every other process that sends to it (on PostgreSQL,
 * lib/db/sql/target-rate-buckets.ts through lib/sync/apply/shared-target-slots.ts).
 */
export interface SharedSlots {
  /** Reserves `count` consecutive send slots `intervalMs` apart; resolves to the ms from now until the first. */
  claim(count: number, intervalMs: number): Promise<number>;
  /** Holds every process's later claims until `ms` from now (a 429's Retry-After). */
  pause(ms: number): Promise<void>;
}

/**
 * Paces requests to a target: a token bucket (GCRA) at `ratePerSecond` with a burst of one token for
 * ordinary rates, so a 5/s target sees requests spaced 1/5 s apart and never a burst that its limiter
 * would answer with 429. High rates (over 50/s) get a burst of 20 ms worth of tokens, because timers
 * cannot pace finer than a millisecond.
 *
 * Spacing is measured from when waiters are actually released (less a small credit for a late timer),
 * so a late timer never lets a burst out. Requests are paced at 99% of the configured rate: the margin
 * (2 ms per request at 5/s, 10 ms per second) absorbs network jitter at the target's limiter, which a
 * strict sliding one-second window would otherwise now and then count as 6 requests, at a cost of 1% of
 * the allowed rate (the benchmark asks for at least 95%).
 *
 * AIMD: a 429 cuts the rate to 70% (at most once per second, as concurrent 429s report the same
 * overload) and holds every request until the target's Retry-After has passed; each success then adds
 * back 1% of the configured rate, never going above it.
 *
 * A rate that is not finite or not positive means "no limit"; Retry-After pauses still apply.
 *
 * With `shared` slots (several processes on one target) the bucket lives in the database instead: each
 * waiter claims its send slot there (one claim reaches 200 ms ahead: a slot at 5/s, five at 25/s) and is
 * released when the slot comes. The pacing, AIMD and pauses stay the same; a 429 also pauses the other
 * processes' next claims. A claim the database refuses fails the requests it was for.
 */
export class RateLimiter {
  static readonly PACING = 0.99;
  static readonly CUT = 0.7;
  static readonly RECOVERY = 0.01;
  /**
   * How far ahead one shared claim reaches (see claimShared). Each claim is a database round trip and a
   * commit: at 50 ms, a cycle paced at 25/s made a claim for every second request. Slots a process does not
   * use in time are given up, so a cycle that ends or stalls wastes at most this much of the target's time.
   */
  static readonly AHEAD_MS = 200;

  readonly maxRate: number;
  private rate: number;
  private interval = 0;
  private tolerance = 0;
  private readonly burst: number;
  private readonly minRate: number;
  private tat = 0;
  private pausedUntil = 0;
  private lastCutAt = -Infinity;
  private queue: Waiter[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly shared: SharedSlots | undefined;
  private claiming = false;
  /** Shared slots claimed and not yet handed out: the next one's time, how many, and their spacing. */
  private prepaid = { at: 0, left: 0, interval: 0 };
  /** Waiters whose shared slot is claimed, each with the timer that releases it. */
  private readonly slotted = new Map<ReturnType<typeof setTimeout>, Waiter>();

  constructor(ratePerSecond: number, shared?: SharedSlots) {
    const limited = Number.isFinite(ratePerSecond) && ratePerSecond > 0;
    this.maxRate = limited ? ratePerSecond : Infinity;
    this.rate = this.maxRate;
    this.burst = limited && ratePerSecond > 50 ? Math.ceil(ratePerSecond / 50) : 1;
    this.minRate = limited ? Math.max(ratePerSecond * 0.1, 0.05) : Infinity;
    this.shared = limited ? shared : undefined;
    this.setRate(this.rate);
  }

  /** The rate currently paced at (after AIMD), in requests per second. */
  get currentRate(): number {
    return this.rate;
  }

  private setRate(rate: number): void {
    this.rate = rate;
    this.interval = Number.isFinite(rate) ? 1000 / (rate * RateLimiter.PACING) : 0;
    this.tolerance = (this.burst - 1) * this.interval;
  }

  /** Resolves when the request may be sent. Returns null when it may be sent right away (no await needed). */
  acquire(): Promise<void> | null {
    if (this.shared) {
      // A slot already claimed whose time has come (within the burst, as for a local bucket) is taken at
      // once: no timer (at least 1 ms in Node) and no turn of the event loop.
      if (this.head === this.queue.length && this.takeDuePrepaidSlot(performance.now())) return null;
      return new Promise<void>((resolve, reject) => {
        this.queue.push({ resolve, reject });
        void this.claimShared();
      });
    }
    if (this.head === this.queue.length && this.tryTake(performance.now())) return null;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.schedule();
    });
  }

  /**
   * Claims shared slots for the waiters, one claim at a time, and releases each waiter when its slot comes.
   * A claim covers the waiters queued (up to a burst) or the next AHEAD_MS of slots, whichever is more, so
   * at high rates one database round trip serves many requests instead of each request waiting for its
   * own; at rates up to 1000 / AHEAD_MS (5) per second a claim is one slot. Slots claimed and not
   * used by the time they pass are given up (they are never sent late in a burst), as are all after a 429.
   */
  private async claimShared(): Promise<void> {
    if (this.claiming) return;
    this.claiming = true;
    try {
      while (this.head < this.queue.length) {
        const pause = this.pausedUntil - performance.now();
        if (pause > 0) {
          this.prepaid.left = 0;
          await new Promise((r) => setTimeout(r, pause));
          continue;
        }
        this.dropPassedSlots(performance.now());
        const queued = this.queue.length - this.head;
        if (this.prepaid.left === 0) {
          const interval = this.interval;
          const count = Math.max(Math.min(queued, this.burst), Math.ceil(RateLimiter.AHEAD_MS / interval));
          let waitMs: number;
          try {
            waitMs = await this.shared!.claim(count, interval);
          } catch (e) {
            for (const w of this.take(Math.min(queued, count))) w.reject(e);
            continue;
          }
          this.prepaid = { at: performance.now() + Math.max(0, waitMs), left: count, interval };
          continue;
        }
        const batch = this.take(Math.min(queued, this.prepaid.left));
        const { at, interval } = this.prepaid;
        this.prepaid.at += batch.length * interval;
        this.prepaid.left -= batch.length;
        const now = performance.now();
        batch.forEach((w, i) => {
          const delay = at + i * interval - now;
          if (delay <= this.tolerance) return w.resolve(); // due, or within the burst at high rates
          const timer = setTimeout(() => {
            this.slotted.delete(timer);
            w.resolve();
          }, delay);
          this.slotted.set(timer, w);
        });
      }
    } finally {
      this.claiming = false;
    }
  }

  /** The next `n` waiters, off the queue. */
  private take(n: number): Waiter[] {
    const batch = this.queue.slice(this.head, this.head + n);
    this.head += batch.length;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    return batch;
  }

  /**
   * Takes the next claimed shared slot if its time has come, or comes within the burst (20 ms at rates over
   * 50/s, none below), and no pause holds; false if there is none.
   */
  private takeDuePrepaidSlot(now: number): boolean {
    if (now < this.pausedUntil) return false;
    this.dropPassedSlots(now);
    const p = this.prepaid;
    if (p.left === 0 || p.at > now + this.tolerance) return false;
    p.at += p.interval;
    p.left -= 1;
    return true;
  }

  /** Gives up claimed slots whose time passed more than one interval ago. */
  private dropPassedSlots(now: number): void {
    const p = this.prepaid;
    if (p.left === 0 || now <= p.at + p.interval) return;
    const passed = Math.min(p.left, Math.floor((now - p.at) / p.interval));
    p.at += passed * p.interval;
    p.left -= passed;
  }

  private tryTake(now: number): boolean {
    if (now < this.pausedUntil) return false;
    if (this.interval === 0) return true;
    if (now < this.tat - this.tolerance) return false;
    // A waiter released late keeps up to 2% of an interval of its lateness as credit: a busy event loop
    // costs less throughput, and six releases still span more than a second (5 × 1.0101 − 0.02 > 5 nominal
    // intervals).
    this.tat = Math.max(this.tat, now - this.interval * 0.02) + this.interval;
    return true;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const now = performance.now();
    const readyAt = Math.max(this.pausedUntil, this.interval === 0 ? 0 : this.tat - this.tolerance);
    this.timer = setTimeout(() => this.pump(), Math.max(0, readyAt - now));
  }

  private pump(): void {
    this.timer = null;
    const now = performance.now();
    while (this.head < this.queue.length && this.tryTake(now)) {
      const w = this.queue[this.head];
      this.queue[this.head++] = undefined as unknown as Waiter;
      w.resolve();
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else {
      if (this.head > 1024) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.schedule();
    }
  }

  /** A 429: cut the rate (AIMD) and hold everyone until `retryAfterMs` has passed. */
  onThrottled(retryAfterMs: number): void {
    // Best effort: this process pauses in any case, and a database that refuses this refuses the next claim.
    this.shared?.pause(retryAfterMs).catch(() => {});
    this.prepaid.left = 0;
    const now = performance.now();
    this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (Number.isFinite(this.rate) && now - this.lastCutAt >= Math.max(1000, this.interval)) {
      this.lastCutAt = now;
      this.setRate(Math.max(this.minRate, this.rate * RateLimiter.CUT));
    }
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.head < this.queue.length) this.schedule();
  }

  /** A request that was not throttled: recover the rate gradually. */
  onSuccess(): void {
    if (this.rate < this.maxRate) this.setRate(Math.min(this.maxRate, this.rate + this.maxRate * RateLimiter.RECOVERY));
  }

  /** Rejects everyone waiting (the client's signal was aborted). */
  rejectAll(reason: unknown): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const waiting = this.queue.slice(this.head);
    this.queue = [];
    this.head = 0;
    for (const [slotTimer, w] of this.slotted) {
      clearTimeout(slotTimer);
      waiting.push(w);
    }
    this.slotted.clear();
    for (const w of waiting) w.reject(reason);
  }
}

/** Bounds the requests in flight. */
export class Semaphore {
  private active = 0;
  private queue: Waiter[] = [];
  private head = 0;

  constructor(private readonly max: number) {}

  /** Null when a slot was free (no await needed). */
  acquire(): Promise<void> | null {
    if (this.active < this.max) {
      this.active++;
      return null;
    }
    return new Promise<void>((resolve, reject) => this.queue.push({ resolve, reject }));
  }

  release(): void {
    if (this.head < this.queue.length) {
      const w = this.queue[this.head];
      this.queue[this.head++] = undefined as unknown as Waiter;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      } else if (this.head > 1024) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      w.resolve(); // the slot passes straight to the next waiter
    } else {
      this.active--;
    }
  }

  rejectAll(reason: unknown): void {
    const waiting = this.queue.slice(this.head);
    this.queue = [];
    this.head = 0;
    for (const w of waiting) w.reject(reason);
  }
}
