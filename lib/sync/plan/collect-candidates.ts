import { prisma } from "../../db/prisma";
import type { JobContext } from "../store/load-job-context";
import { chunks, loadMemberIds, type AssignmentScope } from "../store/load-source";

export type Candidates = { users: string[]; groups: string[] };

/**
 * The objects a cycle evaluates, as ids only (cheap even for 100,000 users):
 * - initial: everything in scope (assigned, or all) plus everything the connector data store knows
 *   (so that objects gone out of scope or deleted are deprovisioned);
 * - incremental: objects with a DirectoryChange after the watermark (a group's membership or
 *   assignment change widens to its members), plus objects whose last export failed, was staged, or
 *   was cut off before the target answered (Pending).
 */
export async function collectCandidates(opts: {
  ctx: JobContext;
  initial: boolean;
  watermarkFrom: number;
  watermarkTo: number;
  scope: AssignmentScope;
}): Promise<Candidates> {
  const { ctx, initial, watermarkFrom, watermarkTo, scope } = opts;
  const jobId = ctx.jobId;
  const users = new Set<string>();
  const groups = new Set<string>();

  if (initial) {
    if (ctx.job.scope === "All") {
      for (const u of await prisma.directoryUser.findMany({ select: { id: true } })) users.add(u.id);
    } else {
      for (const id of scope.userRoles.keys()) users.add(id);
    }
    for (const c of await prisma.connectorObject.findMany({
      where: { jobId, objectType: "User" },
      select: { sourceId: true },
    }))
      users.add(c.sourceId);
    if (ctx.groupsEnabled) {
      if (ctx.job.scope === "All") {
        for (const g of await prisma.directoryGroup.findMany({ select: { id: true } })) groups.add(g.id);
      } else {
        for (const id of scope.groupRoles.keys()) groups.add(id);
      }
      for (const c of await prisma.connectorObject.findMany({
        where: { jobId, objectType: "Group" },
        select: { sourceId: true },
      }))
        groups.add(c.sourceId);
    }
    return { users: [...users].sort(), groups: [...groups].sort() };
  }

  const changes =
    watermarkTo > watermarkFrom
      ? await prisma.directoryChange.findMany({
          where: { seq: { gt: watermarkFrom, lte: watermarkTo } },
          select: { objectType: true, objectId: true, kind: true },
        })
      : [];
  const changedGroups = new Set<string>();
  for (const c of changes) {
    if (c.objectType === "User") users.add(c.objectId);
    else changedGroups.add(c.objectId);
  }
  if (changedGroups.size > 0) {
    // A group's membership, assignment or existence decides its members' scope: re-evaluate them.
    const members = await loadMemberIds([...changedGroups]);
    for (const list of members.values()) for (const id of list) users.add(id);
    if (ctx.job.scope === "AssignedOnly") {
      // Members removed from an assigned group are no longer listed as members: find the provisioned
      // users that lost their assignment.
      const linked = await prisma.connectorObject.findMany({
        where: { jobId, objectType: "User", state: "Provisioned" },
        select: { sourceId: true },
      });
      for (const c of linked) if (!scope.userRoles.has(c.sourceId)) users.add(c.sourceId);
    }
    if (ctx.groupsEnabled) for (const g of changedGroups) groups.add(g);
  }
  // Two queries, each on its own index: an OR across the two columns would read every connector row of the
  // job, making a no-change cycle cost grow with the directory.
  const retryRows = await Promise.all([
    prisma.connectorObject.findMany({
      where: { jobId, lastStatus: { in: ["Failure", "Staged"] } },
      select: { objectType: true, sourceId: true },
    }),
    prisma.connectorObject.findMany({
      where: { jobId, state: "Pending" },
      select: { objectType: true, sourceId: true },
    }),
  ]);
  for (const r of retryRows.flat()) {
    if (r.objectType === "User") users.add(r.sourceId);
    else if (ctx.groupsEnabled) groups.add(r.sourceId);
  }
  if (ctx.groupsEnabled && ctx.syncMembers && users.size > 0) {
    // Groups whose members changed state (created, deleted) need a membership delta.
    for (const ids of chunks([...users], 500)) {
      const rows = await prisma.groupMembership.findMany({ where: { userId: { in: ids } }, select: { groupId: true } });
      for (const r of rows) if (ctx.job.scope === "All" || scope.groupRoles.has(r.groupId)) groups.add(r.groupId);
    }
    // ...and groups whose last exported members include them (removed or hard-deleted members).
    const known = await prisma.connectorObject.findMany({
      where: { jobId, objectType: "Group", members: { not: null } },
      select: { sourceId: true, members: true },
    });
    if (known.length <= 5000) {
      for (const g of known) {
        const list = JSON.parse(g.members ?? "[]") as string[];
        if (list.some((id) => users.has(id))) groups.add(g.sourceId);
      }
    }
  }
  return { users: [...users].sort(), groups: [...groups].sort() };
}
