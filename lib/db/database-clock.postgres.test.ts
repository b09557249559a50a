import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { makeApp } from "../sync/test-support/engine-fixtures";
import { prisma } from "./prisma";
import { acquireCycleLease } from "../sync/cycle/cycle-lease";
import { databaseNow } from "./database-clock";
import { databaseKind } from "./database-kind";

/**
 * Workers and web servers on several machines take and check cycle leases in one PostgreSQL database.
 * Their clocks drift apart: a lease's times are the database's, so a machine whose clock runs ahead does
 * not find a live lease expired, and one whose clock runs behind does not write a lease already expired
 * for the others. Each "machine" here is a process whose clock is skewed (test-support/skewed-clock.mjs).
 * Collected on PostgreSQL runs only (vitest.config.ts): SQLite serves one machine and one clock.
 */
const SKEW_MS = 120_000; // two minutes, twice the 60 s lease

/** Runs a test-support script in a process whose clock is skewed by skewMs; returns what it printed. */
async function runElsewhere<T>(script: string, args: string[], skewMs: number): Promise<T> {
  const dir = path.join(__dirname, "test-support");
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--import", path.join(dir, "skewed-clock.mjs"), path.join(dir, script), ...args],
    { env: { ...process.env, PROVISIO_TEST_CLOCK_SKEW_MS: String(skewMs) } },
  );
  const answer = JSON.parse(stdout.trim().split("\n").pop()!) as { result: T; clock: number };
  // The child's clock was skewed as asked, or the test would prove nothing.
  expect(Math.abs(answer.clock - Date.now() - skewMs)).toBeLessThan(10_000);
  return answer.result;
}

const acquireElsewhere = (jobId: string, owner: string, skewMs: number) =>
  runElsewhere<string>("acquire-lease-elsewhere.ts", [jobId, owner], skewMs);

const leaseOf = async (jobId: string) =>
  (await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId }, select: { leaseOwner: true } })).leaseOwner;

describe("cycle leases across machines whose clocks disagree", () => {
  it("a machine whose clock runs ahead does not take over a live lease", async () => {
    expect(databaseKind()).toBe("postgres");
    const { jobId } = await makeApp({ url: "http://127.0.0.1:9/scim/v2", token: "t" });
    // Owners on other hosts: whether they live cannot be checked from here, so only the lease's time counts.
    await acquireCycleLease(jobId, "worker-a.example:100:aaaa0001");
    expect(await acquireElsewhere(jobId, "worker-b.example:200:bbbb0001", SKEW_MS)).toBe("cycle.running");
    expect(await leaseOf(jobId)).toBe("worker-a.example:100:aaaa0001");
  }, 60_000);

  it("a machine whose clock runs behind writes a lease the others see as live", async () => {
    const { jobId } = await makeApp({ url: "http://127.0.0.1:9/scim/v2", token: "t" });
    expect(await acquireElsewhere(jobId, "worker-b.example:200:bbbb0002", -SKEW_MS)).toBe("acquired");
    await expect(acquireCycleLease(jobId, "worker-a.example:100:aaaa0002")).rejects.toMatchObject({
      code: "cycle.running",
    });
    expect(await leaseOf(jobId)).toBe("worker-b.example:200:bbbb0002");
  }, 60_000);

  it("a machine whose clock runs ahead does not take a running on-demand run for an orphan", async () => {
    const { jobId } = await makeApp({ url: "http://127.0.0.1:9/scim/v2", token: "t" });
    // An on-demand run holds no lease: only its age (under a minute) keeps it from recovery.
    const cycle = await prisma.cycle.create({
      data: { jobId, type: "OnDemand", status: "Running", startedAt: await databaseNow() },
    });
    expect(await runElsewhere<number>("recover-elsewhere.ts", [], SKEW_MS)).toBe(0);
    const after = await prisma.cycle.findUniqueOrThrow({ where: { id: cycle.id }, select: { status: true } });
    expect(after.status).toBe("Running");
  }, 60_000);
});
