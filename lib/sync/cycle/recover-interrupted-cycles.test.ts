import { describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { makeApp } from "../test-support/engine-fixtures";
import { newLeaseOwner } from "./cycle-lease";
import { recoverInterruptedCycles, recoverJob } from "./recover-interrupted-cycles";

/** Recovery after a crash makes a job due again only when it interrupted one of its cycles. */
const URL = "http://127.0.0.1:9/scim";

async function jobWithCycle(status: "Running" | "Succeeded", leaseOwner: string | null) {
  const { jobId } = await makeApp({ url: URL, token: "recover-token" });
  const later = new Date(Date.now() + 3_600_000);
  await prisma.provisioningJob.update({
    where: { id: jobId },
    data: { nextRunAt: later, leaseOwner, leaseUntil: leaseOwner ? new Date(Date.now() + 60_000) : null },
  });
  const cycle = await prisma.cycle.create({
    data: { jobId, type: "Initial", status, endedAt: status === "Running" ? null : new Date() },
  });
  return { jobId, cycleId: cycle.id, later };
}

describe("recovering interrupted cycles", () => {
  it("interrupts a Running cycle whose lease is free, releases the job and makes it due now", async () => {
    const { jobId, cycleId } = await jobWithCycle("Running", null);
    const now = new Date();
    expect(await recoverInterruptedCycles()).toBeGreaterThanOrEqual(1);
    expect((await prisma.cycle.findUniqueOrThrow({ where: { id: cycleId } })).status).toBe("Interrupted");
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.leaseOwner).toBeNull();
    expect(job.nextRunAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(job.nextRunAt!.getTime()).toBeGreaterThanOrEqual(now.getTime() - 1000);
  });

  it("leaves a job alone whose cycle ended since it was listed as Running (no second cycle)", async () => {
    // The race CI caught: the cycle was Running when recovery listed it, then ended and released its lease.
    const { jobId, cycleId, later } = await jobWithCycle("Succeeded", null);
    expect(await recoverJob(jobId, new Date())).toBe(false);
    expect((await prisma.cycle.findUniqueOrThrow({ where: { id: cycleId } })).status).toBe("Succeeded");
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.nextRunAt!.getTime()).toBe(later.getTime());
  });

  it("leaves a cycle alone whose lease a live process holds", async () => {
    const owner = newLeaseOwner();
    const { jobId, cycleId, later } = await jobWithCycle("Running", owner);
    expect(await recoverJob(jobId, new Date())).toBe(false);
    expect((await prisma.cycle.findUniqueOrThrow({ where: { id: cycleId } })).status).toBe("Running");
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.leaseOwner).toBe(owner);
    expect(job.nextRunAt!.getTime()).toBe(later.getTime());
  });
});
