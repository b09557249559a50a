import crypto from "node:crypto";
import os from "node:os";
import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { engineConfig } from "../engine-config";

/** This process's lease owner prefix: host and pid, so a dead owner on this host can be recognised. */
const processOwner = `${os.hostname()}:${process.pid}`;

export function newLeaseOwner(): string {
  return `${processOwner}:${crypto.randomUUID().slice(0, 8)}`;
}

/** Whether the lease owner is a process on this host that no longer runs. */
export function isDeadOwner(owner: string | null): boolean {
  if (!owner) return true;
  const [host, pidText] = owner.split(":");
  if (host !== os.hostname()) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Takes the job's running-cycle lease, so two processes never run one job's cycle at once. A lease that
 * expired, or whose owner process on this host is dead (killed mid-cycle), is taken over.
 */
export async function acquireCycleLease(jobId: string, owner: string): Promise<void> {
  const now = new Date();
  const until = new Date(now.getTime() + engineConfig().leaseMs);
  const taken = await prisma.provisioningJob.updateMany({
    where: { id: jobId, OR: [{ leaseOwner: null }, { leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil: until },
  });
  if (taken.count === 1) return;
  const job = await prisma.provisioningJob.findUnique({ where: { id: jobId }, select: { leaseOwner: true } });
  if (!job) throw new AppError("job.not_found", "This application has no provisioning job.");
  if (job.leaseOwner && isDeadOwner(job.leaseOwner)) {
    const stolen = await prisma.provisioningJob.updateMany({
      where: { id: jobId, leaseOwner: job.leaseOwner },
      data: { leaseOwner: owner, leaseUntil: until },
    });
    if (stolen.count === 1) return;
  }
  throw new AppError(
    "cycle.running",
    "A provisioning cycle is already running for this application. Wait for it to finish.",
  );
}

export async function renewCycleLease(jobId: string, owner: string): Promise<boolean> {
  const r = await prisma.provisioningJob.updateMany({
    where: { id: jobId, leaseOwner: owner },
    data: { leaseUntil: new Date(Date.now() + engineConfig().leaseMs) },
  });
  return r.count === 1;
}

export async function releaseCycleLease(jobId: string, owner: string): Promise<void> {
  await prisma.provisioningJob.updateMany({
    where: { id: jobId, leaseOwner: owner },
    data: { leaseOwner: null, leaseUntil: null },
  });
}
