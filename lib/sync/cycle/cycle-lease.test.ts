import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import readline from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { makeApp } from "../test-support/engine-fixtures";
import { acquireCycleLease, isDeadOwner, newLeaseOwner } from "./cycle-lease";

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) c.kill("SIGKILL");
});

/**
 * A zombie: `sh` starts a short-lived child in the background, then becomes `sleep`, which never waits
 * for it. The child exits and stays unreaped (state Z) while `sleep` runs, like a killed cycle process
 * whose parent has not reaped it yet. Returns the zombie's pid and the live parent's.
 */
async function makeZombie(): Promise<{ zombie: number; parent: number }> {
  // The child waits a moment before it exits: had it exited before the outer shell became `sleep`, the
  // shell would have reaped it, and there would be no zombie to look at.
  const child = spawn("sh", ["-c", 'sh -c "sleep 0.3; exit 0" & echo $!; exec sleep 30'], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  started.push(child);
  const line = await new Promise<string>((resolve) =>
    readline.createInterface({ input: child.stdout! }).once("line", resolve),
  );
  const zombie = Number(line.trim());
  for (let i = 0; i < 300; i++) {
    const stat = fs.readFileSync(`/proc/${zombie}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return { zombie, parent: child.pid! };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("the background child did not become a zombie");
}

describe.runIf(fs.existsSync("/proc/self/stat"))("dead lease owners", () => {
  it("counts a zombie (exited, not yet reaped) as dead, which kill(pid, 0) does not", async () => {
    const { zombie, parent } = await makeZombie();
    // The old check: signal 0 to a zombie succeeds, so its lease looked alive until it expired.
    expect(() => process.kill(zombie, 0)).not.toThrow();
    expect(isDeadOwner(`${os.hostname()}:${zombie}:abcd1234`)).toBe(true);
    expect(isDeadOwner(`${os.hostname()}:${parent}:abcd1234`)).toBe(false);
    expect(isDeadOwner(`${os.hostname()}:${process.pid}:abcd1234`)).toBe(false);
    // Another host's process cannot be checked from here: alive until its lease expires.
    expect(isDeadOwner(`elsewhere.example:${zombie}:abcd1234`)).toBe(false);
  });

  it("takes over at once a lease whose owner is a zombie, and refuses one whose owner runs", async () => {
    const { jobId } = await makeApp({ url: "http://127.0.0.1:9/scim/v2", token: "t" });
    const { zombie, parent } = await makeZombie();
    const until = new Date(Date.now() + 60_000);
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { leaseOwner: `${os.hostname()}:${parent}:live0001`, leaseUntil: until },
    });
    await expect(acquireCycleLease(jobId, newLeaseOwner())).rejects.toMatchObject({ code: "cycle.running" });

    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { leaseOwner: `${os.hostname()}:${zombie}:dead0001`, leaseUntil: until },
    });
    const owner = newLeaseOwner();
    await acquireCycleLease(jobId, owner);
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.leaseOwner).toBe(owner);
  });
});

describe("handing a lease over", () => {
  it("takes the lease from the owner that hands it over, and from no one else", async () => {
    const { jobId } = await makeApp({ url: "http://127.0.0.1:9/scim/v2", token: "t" });
    const parent = newLeaseOwner();
    await acquireCycleLease(jobId, parent);
    // Held by a live owner (this process): refused, unless it is the one handing the lease over.
    await expect(acquireCycleLease(jobId, newLeaseOwner())).rejects.toMatchObject({ code: "cycle.running" });
    await expect(acquireCycleLease(jobId, newLeaseOwner(), { from: newLeaseOwner() })).rejects.toMatchObject({
      code: "cycle.running",
    });
    const child = newLeaseOwner();
    await acquireCycleLease(jobId, child, { from: parent });
    expect((await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).leaseOwner).toBe(child);
    // Once handed over, the old owner cannot take it back by handing it again.
    await expect(acquireCycleLease(jobId, newLeaseOwner(), { from: parent })).rejects.toMatchObject({
      code: "cycle.running",
    });
    // A free lease is simply taken, whatever `from` says.
    await prisma.provisioningJob.update({ where: { id: jobId }, data: { leaseOwner: null, leaseUntil: null } });
    const next = newLeaseOwner();
    await acquireCycleLease(jobId, next, { from: parent });
    expect((await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).leaseOwner).toBe(next);
  });
});

describe("a scheduled cycle's lease", () => {
  it("is taken only while the job is due, so a cycle that ended since it was found due does not run again", async () => {
    const { jobId } = await makeApp({ url: "http://127.0.0.1:9/scim/v2", token: "t" });
    // Found due by a tick or sent as a queue job; then another worker ran the cycle, which set the next run.
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { nextRunAt: new Date(Date.now() + 40 * 60_000), leaseOwner: null, leaseUntil: null },
    });
    await expect(acquireCycleLease(jobId, newLeaseOwner(), { onlyIfDue: true })).rejects.toMatchObject({
      code: "cycle.not_due",
    });
    let job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.leaseOwner).toBeNull();
    // Provisioning turned Off, or credentials missing: no next run at all.
    await prisma.provisioningJob.update({ where: { id: jobId }, data: { nextRunAt: null } });
    await expect(acquireCycleLease(jobId, newLeaseOwner(), { onlyIfDue: true })).rejects.toMatchObject({
      code: "cycle.not_due",
    });
    // Due: taken. A Run now or a restart (no onlyIfDue) takes it whether due or not.
    await prisma.provisioningJob.update({ where: { id: jobId }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    const owner = newLeaseOwner();
    await acquireCycleLease(jobId, owner, { onlyIfDue: true });
    job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.leaseOwner).toBe(owner);
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { nextRunAt: new Date(Date.now() + 60_000), leaseOwner: null, leaseUntil: null },
    });
    await acquireCycleLease(jobId, newLeaseOwner());
  });
});
