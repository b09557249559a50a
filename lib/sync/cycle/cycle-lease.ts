import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { engineConfig } from "../engine-config";
import { databaseNow } from "../../db/database-clock";

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
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
  // kill(pid, 0) also succeeds on a process that exited but was not reaped yet (a zombie: its parent has
  // not waited for it, e.g. while the parent's event loop is busy), so ask the kernel for its state.
  return processState(pid) === "dead";
}

/** "dead" for a zombie or exiting process, "running" otherwise (also where /proc cannot be read). */
function processState(pid: number): "dead" | "running" {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (e) {
    // Gone between the two checks; no /proc (macOS) leaves kill's answer.
    return (e as NodeJS.ErrnoException).code === "ENOENT" && fs.existsSync("/proc/self/stat") ? "dead" : "running";
  }
  // "pid (comm) S ...": comm may hold spaces and parentheses, so the state follows the last ")".
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state === "Z" || state === "X" || state === "x" ? "dead" : "running";
}

/**
 * Takes the job's running-cycle lease, so two processes never run one job's cycle at once. A lease that
 * expired, or whose owner process on this host is dead (killed mid-cycle), is taken over. `from`: the
 * owner that holds it for this process and hands it over (a worker took it before starting this cycle
 * process, see run-scheduled-cycle.ts). `onlyIfDue`: a scheduled cycle takes the lease only while the job
 * is still due (nextRunAt passed), in the same statement, so a cycle that was due when its queue job or
 * tick was sent, and has run and ended elsewhere since, is not run a second time (cycle.not_due).
 */
export async function acquireCycleLease(
  jobId: string,
  owner: string,
  opts: { from?: string; onlyIfDue?: boolean } = {},
): Promise<void> {
  const now = await databaseNow();
  const until = new Date(now.getTime() + engineConfig().leaseMs);
  const due = opts.onlyIfDue ? { nextRunAt: { lte: now } } : {};
  if (opts.from) {
    const handed = await prisma.provisioningJob.updateMany({
      where: { id: jobId, leaseOwner: opts.from },
      data: { leaseOwner: owner, leaseUntil: until },
    });
    if (handed.count === 1) return;
  }
  const taken = await prisma.provisioningJob.updateMany({
    where: { id: jobId, ...due, OR: [{ leaseOwner: null }, { leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil: until },
  });
  if (taken.count === 1) return;
  const job = await prisma.provisioningJob.findUnique({
    where: { id: jobId },
    select: { leaseOwner: true, nextRunAt: true },
  });
  if (!job) throw new AppError("job.not_found", "This application has no provisioning job.");
  if (opts.onlyIfDue && !(job.nextRunAt && job.nextRunAt <= now)) {
    throw new AppError("cycle.not_due", "This application's next cycle is not due yet.");
  }
  if (job.leaseOwner && isDeadOwner(job.leaseOwner)) {
    const stolen = await prisma.provisioningJob.updateMany({
      where: { id: jobId, ...due, leaseOwner: job.leaseOwner },
      data: { leaseOwner: owner, leaseUntil: until },
    });
    if (stolen.count === 1) return;
  }
  throw new AppError(
    "cycle.running",
    "A provisioning cycle is already running for this application. Wait for it to finish.",
  );
}

/**
 * The error of a cycle whose lease another process took over: this one stalled past the lease (blocked,
 * paused, or cut off from the database), so the job's cycle was interrupted and runs again there.
 */
export function cycleLeaseLost(): AppError {
  return new AppError(
    "cycle.lease_lost",
    "Another process took over this application's provisioning cycle after this one stalled for longer than " +
      "its lease, so this one stopped. The other process redoes the cycle's work.",
  );
}

/** Extends the lease; false when it is no longer this owner's (taken over or released by recovery). */
export async function renewCycleLease(jobId: string, owner: string): Promise<boolean> {
  const r = await prisma.provisioningJob.updateMany({
    where: { id: jobId, leaseOwner: owner },
    data: { leaseUntil: new Date((await databaseNow()).getTime() + engineConfig().leaseMs) },
  });
  return r.count === 1;
}

export async function releaseCycleLease(jobId: string, owner: string): Promise<void> {
  await prisma.provisioningJob.updateMany({
    where: { id: jobId, leaseOwner: owner },
    data: { leaseOwner: null, leaseUntil: null },
  });
}
