import { prisma } from "../../db/prisma";
import type { ObjectType, TargetObservation } from "../sync-types";
import { chunks } from "./load-source";

/** One target object as a reconcile read it (TargetSnapshot): what the plan compares with. */
export type SnapshotRow = {
  objectType: ObjectType;
  targetId: string;
  identity: string | null;
  values: Record<string, unknown>;
  /** The group's member target ids; null for users (or a target that does not list members). */
  members: string[] | null;
};

/** A snapshot older than this belongs to a read whose process died: any new read of the job removes it. */
const STALE_MS = 24 * 3_600_000;

/** Writes one page (or one batch of GETs) of a read. */
export async function saveSnapshotRows(jobId: string, readId: string, rows: SnapshotRow[]): Promise<void> {
  for (const part of chunks(rows, 500)) {
    await prisma.targetSnapshot.createMany({
      data: part.map((r) => ({
        readId,
        jobId,
        objectType: r.objectType,
        targetId: r.targetId,
        identity: r.identity,
        values: JSON.stringify(r.values),
        members: r.members === null ? null : JSON.stringify(r.members),
      })),
    });
  }
}

/** The read's rows for these target objects (the last one read wins where a target listed one twice). */
export async function loadSnapshotRows(
  readId: string,
  objectType: ObjectType,
  targetIds: string[],
): Promise<Map<string, TargetObservation & { state: "found" }>> {
  const out = new Map<string, TargetObservation & { state: "found" }>();
  for (const ids of chunks(targetIds, 500)) {
    const rows = await prisma.targetSnapshot.findMany({
      where: { readId, objectType, targetId: { in: ids } },
      orderBy: { id: "asc" },
      select: { targetId: true, values: true, members: true },
    });
    for (const r of rows) out.set(r.targetId, toObservation(r));
  }
  return out;
}

/** A page of the read's rows in the order read (keyset on the row id), for scanning a large target. */
export async function pageSnapshotRows(
  readId: string,
  objectType: ObjectType,
  afterId: number,
  take: number,
): Promise<{ id: number; targetId: string; identity: string | null; values: Record<string, unknown> }[]> {
  const rows = await prisma.targetSnapshot.findMany({
    where: { readId, objectType, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take,
    select: { id: true, targetId: true, identity: true, values: true },
  });
  return rows.map((r) => ({ ...r, values: JSON.parse(r.values) as Record<string, unknown> }));
}

/** The directory objects linked to these target objects: target id -> source id. */
export async function loadLinksByTargetId(
  jobId: string,
  objectType: ObjectType,
  targetIds: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const ids of chunks([...new Set(targetIds)], 500)) {
    const rows = await prisma.connectorObject.findMany({
      where: { jobId, objectType, targetId: { in: ids } },
      select: { targetId: true, sourceId: true },
    });
    for (const r of rows) if (r.targetId) out.set(r.targetId, r.sourceId);
  }
  return out;
}

/** A page of a job's linked connector rows (keyset on the row id): the objects a drift report compares. */
export async function pageLinkedObjects(
  jobId: string,
  objectType: ObjectType,
  afterId: string | null,
  take: number,
): Promise<{ id: string; sourceId: string }[]> {
  return prisma.connectorObject.findMany({
    where: { jobId, objectType, targetId: { not: null }, ...(afterId ? { id: { gt: afterId } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: { id: true, sourceId: true },
  });
}

/** How many objects of a type are linked to a target object (what a reconcile has to read). */
export function countLinkedObjects(jobId: string, objectType: ObjectType): Promise<number> {
  return prisma.connectorObject.count({ where: { jobId, objectType, targetId: { not: null } } });
}

/** Removes a read's rows (its cycle or report ended), and any a dead process left behind for this job. */
export async function deleteSnapshot(jobId: string, readId: string): Promise<void> {
  await prisma.targetSnapshot.deleteMany({
    where: { OR: [{ readId }, { jobId, createdAt: { lt: new Date(Date.now() - STALE_MS) } }] },
  });
}

function toObservation(r: { values: string; members: string | null }): TargetObservation & { state: "found" } {
  return {
    state: "found",
    values: JSON.parse(r.values) as Record<string, unknown>,
    members: r.members === null ? null : (JSON.parse(r.members) as string[]),
  };
}
