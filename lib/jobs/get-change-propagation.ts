import { prisma } from "../db/prisma";
import { findRelevantChanges } from "./find-relevant-changes";

export type ChangePropagation = {
  /** When the newest directory change that concerns this application was received; null when none is recent. */
  lastChangeAt: Date | null;
  /**
   * The last incremental cycle that wrote to the target: how long its slowest change took, from being
   * received in the directory to being written at the target (the object's log entry, logged when the
   * target answered).
   */
  lastPropagation: { cycleId: string; writtenAt: Date; seconds: number; objects: number } | null;
};

/** Recent directory changes looked at for "Last change received". */
const RECENT_CHANGES = 1_000;
/** Written objects of a cycle looked at for "Propagated in". */
const WRITTEN_SAMPLE = 500;
const WRITES = ["Create", "Update", "Disable", "Delete"];

/** "Last change received" and "Propagated in N s" for an application's Provisioning status. */
export async function getChangePropagation(applicationId: string): Promise<ChangePropagation | null> {
  const job = await prisma.provisioningJob.findUnique({
    where: { applicationId },
    select: { id: true, applicationId: true, scope: true },
  });
  if (!job) return null;

  const recent = await prisma.directoryChange.findMany({
    orderBy: { seq: "desc" },
    take: RECENT_CHANGES,
    select: { seq: true, objectType: true, objectId: true, at: true },
  });
  const relevant = await findRelevantChanges(job, recent);
  const lastChangeAt = relevant.length > 0 ? relevant[0].at : null;

  const cycle = await prisma.cycle.findFirst({
    where: {
      jobId: job.id,
      type: "Incremental",
      status: { in: ["Succeeded", "Warning"] },
      OR: [{ created: { gt: 0 } }, { updated: { gt: 0 } }, { disabled: { gt: 0 } }, { deleted: { gt: 0 } }],
    },
    orderBy: { startedAt: "desc" },
    select: { id: true, watermarkTo: true, startedAt: true },
  });
  if (!cycle || cycle.watermarkTo === null) return { lastChangeAt, lastPropagation: null };
  // Changes this cycle carried: after the previous cycle's watermark. An object written only because of
  // another's change (a group losing a deprovisioned member) has none, and does not count.
  const previous = await prisma.cycle.findFirst({
    where: { jobId: job.id, startedAt: { lt: cycle.startedAt }, watermarkTo: { not: null } },
    orderBy: { startedAt: "desc" },
    select: { watermarkTo: true },
  });
  const carriedFrom = previous?.watermarkTo ?? 0;
  const written = await prisma.provisioningLogEntry.findMany({
    where: { cycleId: cycle.id, status: "Success", action: { in: WRITES } },
    orderBy: { id: "asc" },
    take: WRITTEN_SAMPLE,
    select: { objectType: true, sourceId: true, at: true },
  });
  let slowest = 0;
  let writtenAt: Date | null = null;
  let objects = 0;
  for (const entry of written) {
    if (!entry.sourceId) continue;
    // The object's latest change that this cycle carried (seq up to its watermark).
    const change = await prisma.directoryChange.findFirst({
      where: {
        objectType: entry.objectType,
        objectId: entry.sourceId,
        seq: { gt: carriedFrom, lte: cycle.watermarkTo },
      },
      orderBy: { seq: "desc" },
      select: { at: true },
    });
    if (!change) continue;
    objects++;
    const ms = entry.at.getTime() - change.at.getTime();
    if (ms >= slowest) {
      slowest = ms;
      writtenAt = entry.at;
    }
  }
  if (!writtenAt) return { lastChangeAt, lastPropagation: null };
  return {
    lastChangeAt,
    lastPropagation: { cycleId: cycle.id, writtenAt, seconds: Math.max(0, slowest) / 1000, objects },
  };
}
