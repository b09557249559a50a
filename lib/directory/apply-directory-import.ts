import { randomUUID } from "node:crypto";
import type { DirectoryUser, Prisma } from "@prisma/client";
import type { Tx } from "../db/prisma";
import { mailNicknameFromUpn, optionalUserAttributeNames } from "./directory-schemas";
import type { ImportCounts, ImportRowError, ParsedImport } from "./import-types";
import { recordDirectoryChanges, type DirectoryChangeKind } from "./record-directory-change";
import { writeMembershipsInBulk } from "./write-memberships-in-bulk";
import { writeUsersInBulk } from "./write-users-in-bulk";

/** Thrown inside the import transaction so that nothing is saved when any row is bad. */
export class ImportRowsError extends Error {
  constructor(readonly errors: ImportRowError[]) {
    super(`${errors.length} row error(s)`);
  }
}

const CHUNK = 500;

async function inChunks<T>(items: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) await write(items.slice(i, i + CHUNK));
}

type Change = { objectType: "User" | "Group"; objectId: string; kind: DirectoryChangeKind };

export type AppliedImport = {
  users: ImportCounts;
  groups: ImportCounts;
  membershipChanges: number;
  deletedMatched: number;
};

/**
 * Writes a parsed import inside the caller's transaction. Users are matched to existing ones by objectId,
 * then by user principal name (case-insensitive); groups by objectId. Group members are resolved against
 * existing users and the users of the same file. Every problem is collected first; if there is any, nothing
 * is written and ImportRowsError is thrown.
 */
export async function applyDirectoryImport(tx: Tx, parsed: ParsedImport): Promise<AppliedImport> {
  // Errors found while reading the file come first; this step adds those that need the directory.
  const errors: ImportRowError[] = [...parsed.errors];
  const existingUsers = await tx.directoryUser.findMany();
  const userById = new Map(existingUsers.map((u) => [u.id, u]));
  const userIdByUpn = new Map(existingUsers.map((u) => [u.userPrincipalName.toLowerCase(), u.id]));

  // 1. Decide, for each user row, which user it is.
  type Plan = { row: number; targetId: string; isNew: boolean; attrs: Record<string, unknown> };
  const userPlans: Plan[] = [];
  const fileUserIds = new Map<string, string>(); // id as written in the file -> objectId in Provisio
  const rowOfFileId = new Map<string, number>();
  const rowOfUpn = new Map<string, number>();
  const rowOfTarget = new Map<string, number>();
  for (const u of parsed.users) {
    const upn = u.attributes.userPrincipalName?.toLowerCase();
    if (u.id && rowOfFileId.has(u.id)) {
      errors.push({ row: u.row, field: "id", message: `The id ${u.id} is also used in row ${rowOfFileId.get(u.id)}.` });
      continue;
    }
    if (upn && rowOfUpn.has(upn)) {
      errors.push({
        row: u.row,
        field: "userPrincipalName",
        message: `${u.attributes.userPrincipalName} is also used in row ${rowOfUpn.get(upn)}.`,
      });
      continue;
    }
    let targetId: string | undefined;
    if (u.id && userById.has(u.id)) targetId = u.id;
    else if (upn && userIdByUpn.has(upn)) targetId = userIdByUpn.get(upn);
    const isNew = !targetId;
    if (isNew) {
      if (!u.attributes.userPrincipalName || !u.attributes.displayName) {
        for (const f of ["userPrincipalName", "displayName"] as const) {
          if (!u.attributes[f]) errors.push({ row: u.row, field: f, message: `${f} is required to create a user.` });
        }
        continue;
      }
      targetId = u.id ?? randomUUID();
    }
    if (rowOfTarget.has(targetId!)) {
      errors.push({ row: u.row, field: "id", message: `This is the same user as row ${rowOfTarget.get(targetId!)}.` });
      continue;
    }
    rowOfTarget.set(targetId!, u.row);
    if (u.id) {
      rowOfFileId.set(u.id, u.row);
      fileUserIds.set(u.id, targetId!);
    }
    if (upn) rowOfUpn.set(upn, u.row);
    userPlans.push({ row: u.row, targetId: targetId!, isNew, attrs: u.attributes });
  }

  // 2. User principal names must stay unique once every row is applied.
  const finalUpn = new Map<string, string>(existingUsers.map((u) => [u.id, u.userPrincipalName.toLowerCase()]));
  for (const p of userPlans)
    if (typeof p.attrs.userPrincipalName === "string")
      finalUpn.set(p.targetId, p.attrs.userPrincipalName.toLowerCase());
  const holders = new Map<string, string[]>();
  for (const [id, upn] of finalUpn) holders.set(upn, [...(holders.get(upn) ?? []), id]);
  for (const p of userPlans) {
    const upn = finalUpn.get(p.targetId)!;
    const clash = holders.get(upn)!.find((id) => id !== p.targetId);
    if (clash && typeof p.attrs.userPrincipalName === "string") {
      const other = userById.get(clash);
      errors.push({
        row: p.row,
        field: "userPrincipalName",
        message: other
          ? `Another user (${other.displayName}) already has the user principal name ${other.userPrincipalName}.`
          : `The user principal name ${p.attrs.userPrincipalName} is used twice.`,
      });
    }
  }

  // 3. Groups and their members.
  const existingGroups = await tx.directoryGroup.findMany();
  const groupById = new Map(existingGroups.map((g) => [g.id, g]));
  type GroupPlan = {
    row: number;
    targetId: string;
    isNew: boolean;
    attrs: Record<string, unknown>;
    members?: string[];
  };
  const groupPlans: GroupPlan[] = [];
  const invalidUserIds = new Set(parsed.invalidUserIds ?? []);
  const rowOfGroupId = new Map<string, number>();
  for (const g of parsed.groups) {
    if (g.id && rowOfGroupId.has(g.id)) {
      errors.push({
        row: g.row,
        field: "id",
        message: `The id ${g.id} is also used in row ${rowOfGroupId.get(g.id)}.`,
      });
      continue;
    }
    if (g.id && (userById.has(g.id) || fileUserIds.has(g.id))) {
      errors.push({ row: g.row, field: "id", message: `The id ${g.id} belongs to a user, not a group.` });
      continue;
    }
    const isNew = !(g.id && groupById.has(g.id));
    if (isNew && !g.attributes.displayName) {
      errors.push({ row: g.row, field: "displayName", message: "displayName is required to create a group." });
      continue;
    }
    const targetId = g.id ?? randomUUID();
    if (g.id) rowOfGroupId.set(g.id, g.row);
    let members: string[] | undefined;
    if (g.memberIds) {
      const resolvedIds = new Set<string>();
      for (const m of g.memberIds) {
        const resolved = fileUserIds.get(m.id) ?? (userById.has(m.id) ? m.id : undefined);
        if (resolved) resolvedIds.add(resolved);
        else if (!invalidUserIds.has(m.id)) {
          // An item whose own row is bad already has its error; do not report it again here.
          errors.push({
            row: g.row,
            field: `members[${m.index}]`,
            message: `No user with id ${m.id} in the directory or in this file.`,
          });
        }
      }
      members = [...resolvedIds];
    }
    groupPlans.push({ row: g.row, targetId, isNew, attrs: g.attributes, members });
  }

  if (errors.length > 0) throw new ImportRowsError(errors);

  // 4. Write, in bulk where the data allows.
  const changes: Change[] = [];
  const users: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const now = new Date();
  const userRows: DirectoryUser[] = [];
  let deletedMatched = 0;
  for (const p of userPlans) {
    const a = p.attrs;
    if (p.isNew) {
      const row = {
        id: p.targetId,
        userPrincipalName: a.userPrincipalName as string,
        displayName: a.displayName as string,
        mailNickname: (a.mailNickname as string | undefined) ?? mailNicknameFromUpn(a.userPrincipalName as string),
        accountEnabled: (a.accountEnabled as boolean | undefined) ?? true,
        deletedAt: null,
        createdAt: now,
        updatedAt: now,
      } as DirectoryUser;
      for (const name of optionalUserAttributeNames) row[name] = (a[name] as string | null | undefined) ?? null;
      userRows.push(row);
      changes.push({ objectType: "User", objectId: p.targetId, kind: "Created" });
      users.created++;
      continue;
    }
    const current = userById.get(p.targetId)!;
    if (current.deletedAt) deletedMatched++;
    const patch = Object.fromEntries(
      Object.entries(a).filter(([k, v]) => v !== undefined && v !== (current as Record<string, unknown>)[k]),
    );
    if (Object.keys(patch).length === 0) {
      users.unchanged++;
      continue;
    }
    userRows.push({ ...current, ...patch, updatedAt: now });
    changes.push({ objectType: "User", objectId: p.targetId, kind: "Updated" });
    users.updated++;
  }
  await writeUsersInBulk(tx, userRows);

  const groups: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const newGroups: Prisma.DirectoryGroupCreateManyInput[] = [];
  const newMemberships: { groupId: string; userId: string }[] = [];
  let membershipChanges = 0;
  const existingMembers = new Map<string, Set<string>>();
  const touched = groupPlans.filter((g) => !g.isNew && g.members).map((g) => g.targetId);
  if (touched.length > 0) {
    for (const m of await tx.groupMembership.findMany({ where: { groupId: { in: touched } } })) {
      existingMembers.set(m.groupId, (existingMembers.get(m.groupId) ?? new Set()).add(m.userId));
    }
  }
  for (const g of groupPlans) {
    const a = g.attrs;
    if (g.isNew) {
      newGroups.push({
        id: g.targetId,
        displayName: a.displayName as string,
        mailNickname: (a.mailNickname as string | null | undefined) ?? null,
        description: (a.description as string | null | undefined) ?? null,
        mail: (a.mail as string | null | undefined) ?? null,
        securityEnabled: (a.securityEnabled as boolean | undefined) ?? true,
        mailEnabled: (a.mailEnabled as boolean | undefined) ?? false,
      });
      for (const userId of g.members ?? []) newMemberships.push({ groupId: g.targetId, userId });
      changes.push({ objectType: "Group", objectId: g.targetId, kind: "Created" });
      if (g.members?.length) membershipChanges++;
      groups.created++;
      continue;
    }
    const current = groupById.get(g.targetId)! as unknown as Record<string, unknown>;
    const patch = Object.fromEntries(Object.entries(a).filter(([k, v]) => v !== undefined && v !== current[k]));
    let changed = false;
    if (Object.keys(patch).length > 0) {
      await tx.directoryGroup.update({ where: { id: g.targetId }, data: patch });
      changes.push({ objectType: "Group", objectId: g.targetId, kind: "Updated" });
      changed = true;
    }
    if (g.members) {
      const before = existingMembers.get(g.targetId) ?? new Set<string>();
      const after = new Set(g.members);
      const removed = [...before].filter((id) => !after.has(id));
      const added = [...after].filter((id) => !before.has(id));
      if (removed.length > 0)
        await tx.groupMembership.deleteMany({ where: { groupId: g.targetId, userId: { in: removed } } });
      for (const userId of added) newMemberships.push({ groupId: g.targetId, userId });
      if (removed.length > 0 || added.length > 0) {
        changes.push({ objectType: "Group", objectId: g.targetId, kind: "MembersChanged" });
        membershipChanges++;
        changed = true;
      }
    }
    if (changed) groups.updated++;
    else groups.unchanged++;
  }
  await inChunks(newGroups, (chunk) => tx.directoryGroup.createMany({ data: chunk }));
  await writeMembershipsInBulk(tx, newMemberships);
  await inChunks(changes, (chunk) => recordDirectoryChanges(tx, chunk));
  return { users, groups, membershipChanges, deletedMatched };
}
