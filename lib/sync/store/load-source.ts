import type { DirectoryUser } from "@prisma/client";
import { prisma } from "../../db/prisma";
import { selectConnectorObjects, type ConnectorObjectRead } from "../../db/sql/connector-objects";
import { selectDirectoryUsers } from "../../db/sql/directory-users";
import { sqlStore } from "../../db/sql-store";
import type { SourceObject } from "../../mapping/source-object";
import { isProvisionedRole } from "../../applications/is-provisioned-role";
import type { ConnectorRow, ObjectType } from "../sync-types";

/** App roles per principal: users (direct, plus direct members of assigned groups) and assigned groups. */
export type AssignmentScope = { userRoles: Map<string, string[]>; groupRoles: Map<string, string[]> };

/** Assignments of an application, "Default Access" excluded (Entra does not provision it). */
export async function loadAssignmentScope(applicationId: string): Promise<AssignmentScope> {
  const rows = (
    await prisma.assignment.findMany({
      where: { applicationId },
      select: { principalType: true, principalId: true, appRole: true },
    })
  ).filter((r) => isProvisionedRole(r.appRole));
  const userRoles = new Map<string, string[]>();
  const groupRoles = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, id: string, role: string) => {
    const list = m.get(id);
    if (!list) m.set(id, [role]);
    else if (!list.includes(role)) list.push(role);
  };
  for (const r of rows) add(r.principalType === "Group" ? groupRoles : userRoles, r.principalId, r.appRole);
  const groupIds = [...groupRoles.keys()];
  for (const ids of chunks(groupIds, 500)) {
    const members = await prisma.groupMembership.findMany({
      where: { groupId: { in: ids } },
      select: { groupId: true, userId: true },
    });
    for (const m of members) for (const role of groupRoles.get(m.groupId) ?? []) add(userRoles, m.userId, role);
  }
  return { userRoles, groupRoles };
}

export type UserRow = Awaited<ReturnType<typeof loadUserRows>>[number];
export type GroupRow = { row: Awaited<ReturnType<typeof prisma.directoryGroup.findMany>>[number]; members: string[] };

export async function loadUserRows(ids: string[]): Promise<DirectoryUser[]> {
  return selectDirectoryUsers(sqlStore(), ids);
}

export async function loadGroupRows(ids: string[]): Promise<GroupRow[]> {
  const rows = await prisma.directoryGroup.findMany({ where: { id: { in: ids } } });
  const members = await loadMemberIds(ids);
  return rows.map((row) => ({ row, members: members.get(row.id) ?? [] }));
}

/** Direct members (user ids) of each group. */
export async function loadMemberIds(groupIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const ids of chunks(groupIds, 500)) {
    const rows = await prisma.groupMembership.findMany({
      where: { groupId: { in: ids } },
      select: { groupId: true, userId: true },
    });
    for (const r of rows) {
      const list = out.get(r.groupId);
      if (list) list.push(r.userId);
      else out.set(r.groupId, [r.userId]);
    }
  }
  return out;
}

/** The Entra-shaped source object a mapping or scoping filter reads. */
export function userSourceObject(row: UserRow, roles: string[], isSoftDeleted: boolean): SourceObject {
  const { createdAt: _c, updatedAt: _u, deletedAt: _d, id, ...attributes } = row;
  return {
    ...attributes,
    objectId: id,
    IsSoftDeleted: isSoftDeleted,
    appRoleAssignments: roles.map((displayName) => ({ displayName })),
  };
}

export function groupSourceObject(g: GroupRow, roles: string[], isSoftDeleted: boolean): SourceObject {
  const { createdAt: _c, updatedAt: _u, deletedAt: _d, id, ...attributes } = g.row;
  return {
    ...attributes,
    objectId: id,
    IsSoftDeleted: isSoftDeleted,
    appRoleAssignments: roles.map((displayName) => ({ displayName })),
    members: g.members,
  };
}

function toConnectorRow(r: ConnectorObjectRead): ConnectorRow {
  return {
    id: r.id,
    objectType: r.objectType as ObjectType,
    sourceId: r.sourceId,
    targetId: r.targetId,
    exported: r.exported ? (JSON.parse(r.exported) as Record<string, unknown>) : {},
    members: r.members ? (JSON.parse(r.members) as string[]) : null,
    state: (r.state === "Disabled" || r.state === "Pending" ? r.state : "Provisioned") as ConnectorRow["state"],
    lastStatus: r.lastStatus,
    failureCount: r.failureCount,
  };
}

export async function loadConnectorRows(
  jobId: string,
  objectType: ObjectType,
  sourceIds: string[],
): Promise<Map<string, ConnectorRow>> {
  const out = new Map<string, ConnectorRow>();
  for (const r of await selectConnectorObjects(sqlStore(), { jobId, objectType, sourceIds }))
    out.set(r.sourceId, toConnectorRow(r));
  return out;
}

export function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
