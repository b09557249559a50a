import { prisma } from "../db/prisma";
import { isProvisionedRole } from "../applications/is-provisioned-role";

export type ChangeRow = { seq: number; objectType: string; objectId: string; at: Date };

export type JobScope = { id: string; applicationId: string; scope: string };

const CHUNK = 500;

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

/**
 * The directory changes that can affect what a job sends. With scope All, every change does. With "assigned
 * only", a change counts when its object is assigned to the application (a role other than Default Access),
 * is a member of an assigned group, or is already in the job's connector data store (so a user who lost the
 * assignment, or was deleted, is deprovisioned). Indexed queries on the changed ids only: cheap for a burst.
 */
export async function findRelevantChanges(job: JobScope, changes: ChangeRow[]): Promise<ChangeRow[]> {
  if (changes.length === 0 || job.scope === "All") return changes;
  const users = [...new Set(changes.filter((c) => c.objectType === "User").map((c) => c.objectId))];
  const groups = [...new Set(changes.filter((c) => c.objectType === "Group").map((c) => c.objectId))];
  const hit = new Set<string>();

  for (const ids of chunks([...users, ...groups])) {
    const assigned = await prisma.assignment.findMany({
      where: { applicationId: job.applicationId, principalId: { in: ids } },
      select: { principalId: true, appRole: true },
    });
    for (const a of assigned) if (isProvisionedRole(a.appRole)) hit.add(a.principalId);
  }
  for (const [objectType, ids] of [
    ["User", users],
    ["Group", groups],
  ] as const) {
    for (const part of chunks(ids.filter((id) => !hit.has(id)))) {
      const linked = await prisma.connectorObject.findMany({
        where: { jobId: job.id, objectType, sourceId: { in: part } },
        select: { sourceId: true },
      });
      for (const c of linked) hit.add(c.sourceId);
    }
  }
  const rest = users.filter((id) => !hit.has(id));
  if (rest.length > 0) {
    const assignedGroups = (
      await prisma.assignment.findMany({
        where: { applicationId: job.applicationId, principalType: "Group" },
        select: { principalId: true, appRole: true },
      })
    )
      .filter((a) => isProvisionedRole(a.appRole))
      .map((a) => a.principalId);
    if (assignedGroups.length > 0) {
      for (const part of chunks(rest)) {
        const members = await prisma.groupMembership.findMany({
          where: { userId: { in: part }, groupId: { in: assignedGroups } },
          select: { userId: true },
        });
        for (const m of members) hit.add(m.userId);
      }
    }
  }
  return changes.filter((c) => hit.has(c.objectId));
}
