import { describe, expect, it } from "vitest";
import { performance } from "node:perf_hooks";
import { RateLimiter, Semaphore, type SharedSlots } from "./rate-limiter";

async function releaseTimes(limiter: RateLimiter, n: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      const p = limiter.acquire();
      if (p) await p;
      times.push(performance.now());
    }),
  );
  return times.sort((a, b) => a - b);
}

function busiestWindow(times: number[], ms = 1000): number {
  let most = 0;
  for (let i = 0; i < times.length; i++)
    most = Math.max(most, times.filter((t) => t >= times[i] && t < times[i] + ms).length);
  return most;
}

describe("RateLimiter", () => {
  it("releases at most N per second in every one-second window, close to N per second", async () => {
    const limiter = new RateLimiter(10);
    const times = await releaseTimes(limiter, 25);
    expect(busiestWindow(times)).toBe(10);
    const span = times[24] - times[0];
    // 24 intervals of 1/(10 × 0.99) s = 2.42 s; late timers may stretch it a little.
    expect(span).toBeGreaterThanOrEqual(2380);
    expect(span).toBeLessThan(3000);
  });

  it("has a burst of one at ordinary rates and lets fast rates through in small bursts", async () => {
    const slow = new RateLimiter(5);
    expect(slow.acquire()).toBeNull();
    expect(slow.acquire()).not.toBeNull();
    const fast = new RateLimiter(1000);
    let immediate = 0;
    while (fast.acquire() === null) immediate++;
    expect(immediate).toBe(20);
    const none = new RateLimiter(Infinity);
    for (let i = 0; i < 1000; i++) expect(none.acquire()).toBeNull();
    expect(new RateLimiter(0).currentRate).toBe(Infinity);
  });

  it("cuts the rate on a 429 at most once a second, and recovers on successes up to the configured rate", () => {
    const limiter = new RateLimiter(10);
    limiter.onThrottled(0);
    expect(limiter.currentRate).toBeCloseTo(7);
    limiter.onThrottled(0); // the same overload, reported by a concurrent request
    expect(limiter.currentRate).toBeCloseTo(7);
    for (let i = 0; i < 10; i++) limiter.onSuccess();
    expect(limiter.currentRate).toBeCloseTo(8);
    for (let i = 0; i < 100; i++) limiter.onSuccess();
    expect(limiter.currentRate).toBe(10);
  });

  it("holds everyone until Retry-After has passed, even without a rate limit", async () => {
    const limiter = new RateLimiter(Infinity);
    limiter.onThrottled(300);
    const started = performance.now();
    const times = await releaseTimes(limiter, 3);
    expect(times[0] - started).toBeGreaterThanOrEqual(295);
  });

  it("rejects waiters when aborted", async () => {
    const limiter = new RateLimiter(1);
    void limiter.acquire();
    const waiting = limiter.acquire();
    limiter.rejectAll(new Error("stopped"));
    await expect(waiting).rejects.toThrow("stopped");
  });
});

/** A shared bucket kept in memory, with the database bucket's semantics (one run of slots after another). */
function memorySlots(): SharedSlots & { claims: number[] } {
  let tat = 0;
  const claims: number[] = [];
  return {
    claims,
    async claim(count, intervalMs) {
      claims.push(count);
      await new Promise((r) => setTimeout(r, 1)); // a round trip
      const now = performance.now();
      const start = Math.max(tat, now);
      tat = start + count * intervalMs;
      return start - now;
    },
    async pause() {},
  };
}

describe("RateLimiter with shared slots", () => {
  it("claims one slot per request at 5/s, and 200 ms of slots at 25/s", async () => {
    const slow = memorySlots();
    const slowTimes = await releaseTimes(new RateLimiter(5, slow), 4);
    expect(slow.claims).toEqual([1, 1, 1, 1]);
    expect(slowTimes[3]! - slowTimes[0]!).toBeGreaterThanOrEqual(3 * 200 - 5); // 5/s: 200 ms apart
    const rated = memorySlots();
    const times = await releaseTimes(new RateLimiter(25, rated), 10);
    expect(rated.claims).toEqual([5, 5]); // ceil(200 ms ÷ 40.4 ms)
    expect(busiestWindow(times, 200)).toBeLessThanOrEqual(6); // 25/s: at most 5 in 200 ms, one timer late
  });

  it("claims 200 ms of slots at once at high rates, and never sends faster than the rate", async () => {
    const slots = memorySlots();
    const rate = 2000;
    const limiter = new RateLimiter(rate, slots);
    const times: number[] = [];
    // Requests come one at a time, as a client at concurrency 1 sends them.
    for (let i = 0; i < 300; i++) {
      const p = limiter.acquire();
      if (p) await p;
      times.push(performance.now());
    }
    // 300 requests at 2000/s take ~150 ms: a claim or two of ~396 slots, not 300 round trips.
    expect(slots.claims.length).toBeLessThan(5);
    expect(Math.min(...slots.claims)).toBeGreaterThanOrEqual(390); // 200 ms at 2000/s paced at 99%
    // 100 ms of the rate, plus the burst a local bucket allows at high rates (20 ms worth), one timer late.
    expect(busiestWindow(times, 100)).toBeLessThanOrEqual(rate / 10 + rate / 50 + 2);
  });

  it("hands out a claimed slot whose time has come at once, with no timer", async () => {
    const slots = memorySlots();
    // A limit far above what is sent (the engine's lifted limit): every slot of a claim is due at once.
    const limiter = new RateLimiter(1_000_000, slots);
    const first = limiter.acquire();
    expect(first).not.toBeNull(); // nothing claimed yet: one round trip
    await first;
    // The claim's other slots are due: taken synchronously, no promise, no 1 ms timer each.
    let immediate = 0;
    for (let i = 0; i < 100; i++) if (limiter.acquire() === null) immediate++;
    expect(immediate).toBe(100);
    expect(slots.claims.length).toBe(1);
  });

  it("still waits for a claimed slot whose time has not come", async () => {
    const slots = memorySlots();
    const limiter = new RateLimiter(4, slots); // 250 ms apart: each claim is one slot
    await limiter.acquire();
    const t0 = performance.now();
    const second = limiter.acquire();
    expect(second).not.toBeNull();
    await second;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(200);
  });
});

describe("Semaphore", () => {
  it("admits at most max at once and hands slots over in order", async () => {
    const sem = new Semaphore(2);
    expect(sem.acquire()).toBeNull();
    expect(sem.acquire()).toBeNull();
    const order: number[] = [];
    const third = sem.acquire()!.then(() => order.push(3));
    const fourth = sem.acquire()!.then(() => order.push(4));
    sem.release();
    await third;
    expect(order).toEqual([3]);
    sem.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    sem.release();
    sem.release();
    expect(sem.acquire()).toBeNull();
  });
});
