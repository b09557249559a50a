import { prisma } from "../db/prisma";
import { effectiveEntitlement, type Entitlement } from "./effective-entitlement";
import { DEFAULT_ACCESS_EXCLUSION_REASON, isProvisionedRole } from "./is-provisioned-role";
import type { PrincipalType } from "./principal-type";

/** Where the assigned principal stands in the source directory. */
export type PrincipalState = "Active" | "Disabled" | "SoftDeleted" | "HardDeleted";

export type AssignmentRow = {
  id: string;
  principalType: PrincipalType;
  principalId: string;
  /** The directory display name, or the id when the principal was hard-deleted. */
  displayName: string;
  /** userPrincipalName for users, mail or description for groups. */
  detail: string | null;
  memberCount: number | null;
  appRole: string;
  /** Whether this assignment's own role is provisioned (not Default Access). */
  provisioned: boolean;
  exclusionReason: string | null;
  /** What decides provisioning all things considered: the role, an assigned group, or the job's scope. */
  entitlement: Entitlement;
  principalState: PrincipalState;
  createdAt: Date;
};

/** An application's assignments with what the directory says about each principal, sorted by name. */
export async function listAssignments(applicationId: string): Promise<AssignmentRow[]> {
  const assignments = await prisma.assignment.findMany({ where: { applicationId } });
  const userIds = assignments.filter((a) => a.principalType === "User").map((a) => a.principalId);
  const groupIds = assignments.filter((a) => a.principalType === "Group").map((a) => a.principalId);
  const [users, groups] = await Promise.all([
    userIds.length
      ? prisma.directoryUser.findMany({
          where: { id: { in: userIds } },
          select: { id: true, displayName: true, userPrincipalName: true, accountEnabled: true, deletedAt: true },
        })
      : [],
    groupIds.length
      ? prisma.directoryGroup.findMany({
          where: { id: { in: groupIds } },
          select: {
            id: true,
            displayName: true,
            mail: true,
            description: true,
            deletedAt: true,
            _count: { select: { members: true } },
          },
        })
      : [],
  ]);
  const groupsOfUser = await loadAssignedGroupsOfUsers(
    applicationId,
    assignments.filter((a) => a.principalType === "User" && !isProvisionedRole(a.appRole)).map((a) => a.principalId),
  );
  const scope =
    (await prisma.provisioningJob.findUnique({ where: { applicationId }, select: { scope: true } }))?.scope === "All"
      ? "All"
      : "AssignedOnly";
  const userById = new Map(users.map((u) => [u.id, u]));
  const groupById = new Map(groups.map((g) => [g.id, g]));

  const rows = assignments.map((a): AssignmentRow => {
    const provisioned = isProvisionedRole(a.appRole);
    const base = {
      id: a.id,
      principalId: a.principalId,
      appRole: a.appRole,
      provisioned,
      exclusionReason: provisioned ? null : DEFAULT_ACCESS_EXCLUSION_REASON,
      entitlement: effectiveEntitlement({
        appRole: a.appRole,
        scope,
        groups: a.principalType === "User" ? groupsOfUser.get(a.principalId) : undefined,
      }),
      createdAt: a.createdAt,
    };
    if (a.principalType === "Group") {
      const g = groupById.get(a.principalId);
      return {
        ...base,
        principalType: "Group",
        displayName: g?.displayName ?? a.principalId,
        detail: g ? (g.mail ?? g.description ?? null) : null,
        memberCount: g?._count.members ?? null,
        principalState: !g ? "HardDeleted" : g.deletedAt ? "SoftDeleted" : "Active",
      };
    }
    const u = userById.get(a.principalId);
    return {
      ...base,
      principalType: "User",
      displayName: u?.displayName ?? a.principalId,
      detail: u?.userPrincipalName ?? null,
      memberCount: null,
      principalState: !u ? "HardDeleted" : u.deletedAt ? "SoftDeleted" : u.accountEnabled ? "Active" : "Disabled",
    };
  });
  // Principals gone from the directory have no name left to sort by: they come last.
  const gone = (r: AssignmentRow) => (r.principalState === "HardDeleted" ? 1 : 0);
  return rows.sort(
    (x, y) => gone(x) - gone(y) || x.displayName.localeCompare(y.displayName, "en", { sensitivity: "base" }),
  );
}

/** For users assigned with Default Access: the groups of theirs that are assigned to the application too. */
async function loadAssignedGroupsOfUsers(
  applicationId: string,
  userIds: string[],
): Promise<Map<string, { displayName: string; appRole: string }[]>> {
  const out = new Map<string, { displayName: string; appRole: string }[]>();
  if (userIds.length === 0) return out;
  const groupAssignments = await prisma.assignment.findMany({
    where: { applicationId, principalType: "Group" },
    select: { principalId: true, appRole: true },
  });
  if (groupAssignments.length === 0) return out;
  const memberships = await prisma.groupMembership.findMany({
    where: {
      userId: { in: userIds },
      // As the engine reads it (lib/sync/store/load-source.ts): membership of an assigned group grants its role.
      groupId: { in: groupAssignments.map((g) => g.principalId) },
    },
    select: { userId: true, groupId: true, group: { select: { displayName: true } } },
  });
  for (const m of memberships) {
    for (const g of groupAssignments) {
      if (g.principalId !== m.groupId) continue;
      const list = out.get(m.userId) ?? [];
      list.push({ displayName: m.group.displayName, appRole: g.appRole });
      out.set(m.userId, list);
    }
  }
  return out;
}
