import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { prisma, type Tx } from "../../db/prisma";
import { runScheduledCycle } from "../../jobs/run-scheduled-cycle";
import { startSandboxServer, type FaultResponse, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { configureEngine } from "../engine-config";
import { assign, makeApp, makeUser } from "../test-support/engine-fixtures";
import { runCycle } from "./run-cycle";

/**
 * A cycle whose owner stalls past its lease, while another process takes the job over, stops: it sends
 * nothing more to the target, and its end writes nothing (its cycle row stays Interrupted, the job's
 * watermark and schedule stay as the new owner left them). The other owner is simulated in the database,
 * as another worker or the scheduler's recovery would leave it.
 */
const TOKEN = "lease-fence-token";
const OTHER_OWNER = "other-host.example:4242:newowner";
const NEXT_RUN = new Date("2030-01-01T00:00:00Z");
let target: SandboxServer;
let requests: { method: string; path: string; at: number }[] = [];
let onRequest:
  ((req: { method: string; path: string }) => FaultResponse | undefined | Promise<FaultResponse | undefined>) | null =
  null;
let restoreEngine: (() => void) | null = null;

beforeAll(async () => {
  target = await startSandboxServer({
    token: TOKEN,
    beforeRequest: (req) => {
      requests.push({ method: req.method, path: req.path, at: Date.now() });
      return onRequest?.(req);
    },
  });
});
afterAll(async () => {
  await target.close();
});
afterEach(() => {
  onRequest = null;
  requests = [];
  restoreEngine?.();
  restoreEngine = null;
});

/** Another owner takes the job over, as recovery and a second worker would: its lease, our cycle Interrupted. */
async function takeOver(jobId: string, tx: Tx = prisma): Promise<void> {
  await tx.cycle.updateMany({
    where: { jobId, status: "Running" },
    data: { status: "Interrupted", endedAt: new Date(), error: "taken over" },
  });
  await tx.provisioningJob.update({
    where: { id: jobId },
    data: { leaseOwner: OTHER_OWNER, leaseUntil: new Date(Date.now() + 60_000), nextRunAt: NEXT_RUN },
  });
}

async function jobWithUsers(n: number, job: Record<string, unknown> = {}): Promise<{ jobId: string; stamp: string }> {
  const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN, job });
  const stamp = Date.now().toString(36);
  for (let i = 0; i < n; i++) {
    const u = await makeUser(`Lease${i}`, `Fence${stamp}`);
    await assign(appId, "User", u.id);
  }
  return { jobId, stamp: stamp.toLowerCase() };
}

/** This job's users that reached the target (the target is shared by the tests). */
function usersAtTarget(stamp: string): number {
  return target.store.listUsers().filter((u) => String(u.userName).includes(stamp)).length;
}

/** What the stalled owner must not have written: the cycle row and the job as the new owner left them. */
async function expectUntouchedByOldOwner(jobId: string): Promise<void> {
  const cycles = await prisma.cycle.findMany({ where: { jobId } });
  expect(cycles.map((c) => c.status)).toEqual(["Interrupted"]);
  const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
  expect(job).toMatchObject({
    watermark: 0,
    fullSyncRequired: true,
    nextRunAt: NEXT_RUN,
    consecutiveFailures: 0,
    lastCycleEndedAt: null,
    leaseOwner: OTHER_OWNER,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe("a cycle that loses its lease", () => {
  it("stops sending once a renewal finds the lease taken over, and writes no end", async () => {
    // A 1.5 s lease is renewed every second; 20 requests/s keep the cycle going for seconds.
    restoreEngine = configureEngine({ leaseMs: 1500 });
    const { jobId, stamp } = await jobWithUsers(60, { rateLimitPerSecond: 20 });
    const run = runCycle(jobId);
    run.catch(() => {});
    for (const deadline = Date.now() + 10_000; requests.length < 10; await sleep(20))
      if (Date.now() > deadline) throw new Error("the cycle did not start sending");
    await takeOver(jobId);
    const takenAt = Date.now();
    const atTakeover = requests.length;

    await expect(run).rejects.toMatchObject({ code: "cycle.lease_lost" });
    // The next renewal (within a second) found the lease taken and aborted the cycle.
    expect(Date.now() - takenAt).toBeLessThan(2500);
    const atEnd = requests.length;
    expect(atEnd - atTakeover).toBeLessThan(30);
    await sleep(500);
    expect(requests.length).toBe(atEnd);
    expect(usersAtTarget(stamp)).toBeLessThan(60);
    await expectUntouchedByOldOwner(jobId);
  });

  it("sends nothing after a stall longer than its lease", async () => {
    restoreEngine = configureEngine({ leaseMs: 1500, maxInFlight: 1 });
    const { jobId } = await jobWithUsers(30, { rateLimitPerSecond: 50 });
    let afterStall = -1;
    onRequest = async () => {
      if (afterStall >= 0 || requests.length < 8) return undefined;
      afterStall = Infinity; // only one stall
      await takeOver(jobId);
      // The owner's event loop is blocked past its lease (a long GC pause, a paused VM): no timer runs.
      const until = Date.now() + 1800;
      while (Date.now() < until);
      afterStall = requests.length;
      return undefined;
    };
    await expect(runCycle(jobId)).rejects.toMatchObject({ code: "cycle.lease_lost" });
    await sleep(300);
    // The answer to the stalled request came back, and no request followed it.
    expect(afterStall).toBeGreaterThan(0);
    expect(requests.length).toBe(afterStall);
    await expectUntouchedByOldOwner(jobId);
  });

  it("sends nothing once its lease may have lapsed while renewals get no answer", async () => {
    restoreEngine = configureEngine({ leaseMs: 1500 });
    const { jobId } = await jobWithUsers(60, { rateLimitPerSecond: 20 });
    const run = runCycle(jobId);
    run.catch(() => {});
    for (const deadline = Date.now() + 10_000; requests.length < 5; await sleep(20))
      if (Date.now() > deadline) throw new Error("the cycle did not start sending");
    // The new owner's transaction holds the job's row for 3 s: the old owner's renewals wait meanwhile.
    let lockedAt = 0;
    const hold = prisma.$transaction(
      async (tx) => {
        await takeOver(jobId, tx);
        lockedAt = Date.now();
        await sleep(3000);
      },
      { timeout: 10_000 },
    );
    await expect(run).rejects.toMatchObject({ code: "cycle.lease_lost" });
    await hold;
    // Its last renewal was at most a second before: the fence stopped sending before that lease ran out.
    expect(lockedAt).toBeGreaterThan(0);
    expect(requests.filter((r) => r.at > lockedAt + 1500)).toEqual([]);
    await expectUntouchedByOldOwner(jobId);
  });

  it("writes nothing when the lease is taken over just before the cycle completes", async () => {
    // The default lease (60 s): neither the heartbeat nor the fence before requests notices; only the end does.
    const { jobId, stamp } = await jobWithUsers(3);
    let creates = 0;
    onRequest = async (req) => {
      if (req.method === "POST" && req.path === "/Users" && ++creates === 3) await takeOver(jobId);
      return undefined;
    };
    await expect(runCycle(jobId)).rejects.toMatchObject({ code: "cycle.lease_lost" });
    expect(usersAtTarget(stamp)).toBe(3);
    await expectUntouchedByOldOwner(jobId);
  });

  it("is nothing run, not a failure, for the scheduler and the workers", async () => {
    const { jobId } = await jobWithUsers(2, { nextRunAt: new Date(Date.now() - 1000) });
    let creates = 0;
    onRequest = async (req) => {
      if (req.method === "POST" && req.path === "/Users" && ++creates === 2) await takeOver(jobId);
      return undefined;
    };
    // false: nothing ran here to its end, so a worker does not act as the holder of the lease.
    await expect(runScheduledCycle(jobId, { inline: true })).resolves.toBe(false);
    await expectUntouchedByOldOwner(jobId);
  });
});
