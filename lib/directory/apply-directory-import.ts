import { randomUUID } from "node:crypto";
import type { DirectoryGroup, DirectoryUser } from "@prisma/client";
import { toPrismaRow } from "../db/prisma-row";
import { modelColumns } from "../db/sql/model-columns";
import { ident, join, sql, type SqlParam } from "../db/sql/sql";
import { mailNicknameFromUpn, optionalUserAttributeNames } from "./directory-schemas";
import type { ImportDb } from "./import-database";
import { findSourceOwnedImportRows } from "./find-source-owned-import-rows";
import type { ImportCounts, ImportRowError, ParsedImport } from "./import-types";
import type { DirectoryChangeKind } from "./record-directory-change";

/** Thrown inside the import transaction so that nothing is saved when any row is bad. */
export class ImportRowsError extends Error {
  constructor(readonly errors: ImportRowError[]) {
    super(`${errors.length} row error(s)`);
  }
}

export type AppliedImport = {
  users: ImportCounts;
  groups: ImportCounts;
  membershipChanges: number;
  deletedMatched: number;
};

// Every column, in one fixed order; the patchable ones are what a file may set.
const USER_COLUMNS = [
  "id",
  "userPrincipalName",
  "mailNickname",
  "displayName",
  ...optionalUserAttributeNames,
  "accountEnabled",
  "deletedAt",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof DirectoryUser)[];
const USER_PATCHABLE = USER_COLUMNS.filter((c) => !["id", "deletedAt", "createdAt", "updatedAt"].includes(c));
const GROUP_COLUMNS = [
  "id",
  "displayName",
  "mailNickname",
  "description",
  "mail",
  "securityEnabled",
  "mailEnabled",
  "deletedAt",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof DirectoryGroup)[];
const GROUP_PATCHABLE = GROUP_COLUMNS.filter((c) => !["id", "deletedAt", "createdAt", "updatedAt"].includes(c));

type Change = { objectType: "User" | "Group"; objectId: string; kind: DirectoryChangeKind };
type UserPlan = { row: number; targetId: string; isNew: boolean; attrs: Record<string, unknown> };
type GroupPlan = UserPlan & { members?: string[] };

const sqlValue = (v: unknown): SqlParam => (v ?? null) as SqlParam;

/**
 * `items` in pieces of the dialect's batch sizes (on SQLite a few fixed sizes, 256, 64, 16, 4, 1, so each
 * multi-row statement has one of a handful of shapes, which stay prepared); the work is done piece by
 * piece, never all rows at once.
 */
async function inPieces<T>(db: ImportDb, items: T[], each: (piece: T[]) => Promise<void>): Promise<void> {
  let at = 0;
  for (const size of db.dialect.batches(items.length)) {
    await each(items.slice(at, at + size));
    at += size;
  }
}

async function readByIds<T>(db: ImportDb, model: "DirectoryUser" | "DirectoryGroup", ids: string[]): Promise<T[]> {
  const out: T[] = [];
  await inPieces(db, ids, async (piece) => {
    for (const r of await db.all(sql`SELECT * FROM ${ident(model)} WHERE ${db.dialect.inList(sql`"id"`, piece)}`))
      out.push(toPrismaRow<T>(model, r));
  });
  return out;
}

async function insertRows(
  db: ImportDb,
  model: "DirectoryUser" | "DirectoryGroup" | "DirectoryChange" | "GroupMembership",
  columns: readonly string[],
  rows: SqlParam[][],
  onConflict?: { nothing: true },
) {
  const statements = db.dialect.insertRows({ table: model, columns: modelColumns(model, columns), rows, onConflict });
  for (const statement of statements) await db.run(statement);
}

/** Sets only the columns in `patch` (one statement shape for every row: each column has a "set it" flag). */
async function updateRow(
  db: ImportDb,
  table: string,
  columns: readonly string[],
  id: string,
  patch: Record<string, unknown>,
  now: Date,
) {
  const sets = join(
    columns.map(
      (c) =>
        sql`${ident(c)} = CASE WHEN ${c in patch} THEN ${c in patch ? sqlValue(patch[c]) : null} ELSE ${ident(c)} END`,
    ),
    ", ",
  );
  await db.run(sql`UPDATE ${ident(table)} SET ${sets}, "updatedAt" = ${now} WHERE "id" = ${id}`);
}

async function recordChanges(db: ImportDb, changes: Change[], now: Date) {
  await insertRows(
    db,
    "DirectoryChange",
    ["objectType", "objectId", "kind", "at"],
    changes.map((c) => [c.objectType, c.objectId, c.kind, now]),
  );
}

function differences(attrs: Record<string, unknown>, current: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([k, v]) => v !== undefined && v !== current[k]));
}

/** Existing users' ids and user principal names (lower case): all a file's rows are matched against. */
async function loadUserIndex(db: ImportDb) {
  const upnById = new Map<string, string>();
  const idByUpn = new Map<string, string>();
  for (const r of await db.all(sql`SELECT "id", "userPrincipalName" FROM "DirectoryUser"`)) {
    const upn = String(r.userPrincipalName).toLowerCase();
    upnById.set(String(r.id), upn);
    idByUpn.set(upn, String(r.id));
  }
  return { upnById, idByUpn };
}

type UserIndex = Awaited<ReturnType<typeof loadUserIndex>>;

/** Step 1: which user each row is (by objectId, then by user principal name), and errors within the file. */
function planUsers(parsed: ParsedImport, index: UserIndex, errors: ImportRowError[]) {
  const userPlans: UserPlan[] = [];
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
    if (u.id && index.upnById.has(u.id)) targetId = u.id;
    else if (upn && index.idByUpn.has(upn)) targetId = index.idByUpn.get(upn);
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
  return { userPlans, fileUserIds };
}

/**
 * Step 2: user principal names stay unique once every row is applied. A name the file gives clashes with an
 * existing user who keeps it (is not in the file, or the file gives them another one).
 */
async function checkUpnClashes(db: ImportDb, plans: UserPlan[], index: UserIndex, errors: ImportRowError[]) {
  const finalUpn = new Map<string, string>();
  for (const p of plans)
    if (typeof p.attrs.userPrincipalName === "string")
      finalUpn.set(p.targetId, p.attrs.userPrincipalName.toLowerCase());
  const clashes: { row: number; holder: string }[] = [];
  for (const p of plans) {
    const upn = finalUpn.get(p.targetId);
    const holder = upn === undefined ? undefined : index.idByUpn.get(upn);
    if (holder && holder !== p.targetId && (finalUpn.get(holder) ?? index.upnById.get(holder)) === upn)
      clashes.push({ row: p.row, holder });
  }
  if (clashes.length === 0) return;
  const holders = new Map(
    (await readByIds<DirectoryUser>(db, "DirectoryUser", [...new Set(clashes.map((c) => c.holder))])).map((u) => [
      u.id,
      u,
    ]),
  );
  for (const c of clashes) {
    const other = holders.get(c.holder)!;
    errors.push({
      row: c.row,
      field: "userPrincipalName",
      message: `Another user (${other.displayName}) already has the user principal name ${other.userPrincipalName}.`,
    });
  }
}

/** Step 3: groups and their members, resolved against existing users and the users of the same file. */
async function planGroups(
  db: ImportDb,
  parsed: ParsedImport,
  users: { index: UserIndex; fileUserIds: Map<string, string> },
  errors: ImportRowError[],
) {
  const fileIds = parsed.groups.flatMap((g) => (g.id ? [g.id] : []));
  const groupById = new Map(
    (await readByIds<DirectoryGroup>(db, "DirectoryGroup", [...new Set(fileIds)])).map((g) => [g.id, g]),
  );
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
    if (g.id && (users.index.upnById.has(g.id) || users.fileUserIds.has(g.id))) {
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
        const resolved = users.fileUserIds.get(m.id) ?? (users.index.upnById.has(m.id) ? m.id : undefined);
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
  return { groupPlans, groupById };
}

/** Step 4a: users, 256 at a time: new ones inserted, existing ones given only the attributes that differ. */
async function writeUsers(db: ImportDb, plans: UserPlan[], now: Date) {
  const users: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  let deletedMatched = 0;
  for (let i = 0; i < plans.length; i += 256) {
    const slice = plans.slice(i, i + 256);
    const changes: Change[] = [];
    const inserts: SqlParam[][] = [];
    for (const p of slice) {
      if (!p.isNew) continue;
      const a = p.attrs;
      const row: Record<string, unknown> = {
        ...Object.fromEntries(optionalUserAttributeNames.map((n) => [n, a[n] ?? null])),
        id: p.targetId,
        userPrincipalName: a.userPrincipalName,
        displayName: a.displayName,
        mailNickname: a.mailNickname ?? mailNicknameFromUpn(a.userPrincipalName as string),
        accountEnabled: a.accountEnabled ?? true,
        deletedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      inserts.push(USER_COLUMNS.map((c) => sqlValue(row[c])));
      changes.push({ objectType: "User", objectId: p.targetId, kind: "Created" });
      users.created++;
    }
    await insertRows(db, "DirectoryUser", USER_COLUMNS, inserts);
    const existing = slice.filter((p) => !p.isNew);
    const current = new Map(
      (
        await readByIds<DirectoryUser>(
          db,
          "DirectoryUser",
          existing.map((p) => p.targetId),
        )
      ).map((u) => [u.id, u]),
    );
    for (const p of existing) {
      const row = current.get(p.targetId)!;
      if (row.deletedAt) deletedMatched++;
      const patch = differences(p.attrs, row as unknown as Record<string, unknown>);
      if (Object.keys(patch).length === 0) {
        users.unchanged++;
        continue;
      }
      await updateRow(db, "DirectoryUser", USER_PATCHABLE, p.targetId, patch, now);
      changes.push({ objectType: "User", objectId: p.targetId, kind: "Updated" });
      users.updated++;
    }
    await recordChanges(db, changes, now);
  }
  return { users, deletedMatched };
}

async function loadMembers(db: ImportDb, groupIds: string[]): Promise<Map<string, Set<string>>> {
  const members = new Map<string, Set<string>>();
  await inPieces(db, groupIds, async (piece) => {
    const rows = await db.all(
      sql`SELECT "groupId", "userId" FROM "GroupMembership" WHERE ${db.dialect.inList(sql`"groupId"`, piece)}`,
    );
    for (const m of rows) {
      const g = String(m.groupId);
      members.set(g, (members.get(g) ?? new Set()).add(String(m.userId)));
    }
  });
  return members;
}

/** Step 4b: groups, then their memberships (after the users they name). */
async function writeGroups(db: ImportDb, plans: GroupPlan[], groupById: Map<string, DirectoryGroup>, now: Date) {
  const groups: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const changes: Change[] = [];
  const inserts: SqlParam[][] = [];
  const newMemberships: SqlParam[][] = [];
  let membershipChanges = 0;
  const existingMembers = await loadMembers(
    db,
    plans.filter((g) => !g.isNew && g.members).map((g) => g.targetId),
  );
  for (const g of plans) {
    const a = g.attrs;
    if (g.isNew) {
      const row: Record<string, unknown> = {
        id: g.targetId,
        displayName: a.displayName,
        mailNickname: a.mailNickname ?? null,
        description: a.description ?? null,
        mail: a.mail ?? null,
        securityEnabled: a.securityEnabled ?? true,
        mailEnabled: a.mailEnabled ?? false,
        deletedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      inserts.push(GROUP_COLUMNS.map((c) => sqlValue(row[c])));
      for (const userId of g.members ?? []) newMemberships.push([g.targetId, userId, now]);
      changes.push({ objectType: "Group", objectId: g.targetId, kind: "Created" });
      if (g.members?.length) membershipChanges++;
      groups.created++;
      continue;
    }
    const patch = differences(a, groupById.get(g.targetId)! as unknown as Record<string, unknown>);
    let changed = false;
    if (Object.keys(patch).length > 0) {
      await updateRow(db, "DirectoryGroup", GROUP_PATCHABLE, g.targetId, patch, now);
      changes.push({ objectType: "Group", objectId: g.targetId, kind: "Updated" });
      changed = true;
    }
    if (g.members) {
      const before = existingMembers.get(g.targetId) ?? new Set<string>();
      const after = new Set(g.members);
      const removed = [...before].filter((id) => !after.has(id));
      const added = [...after].filter((id) => !before.has(id));
      await inPieces(db, removed, (piece) =>
        db.run(
          sql`DELETE FROM "GroupMembership" WHERE "groupId" = ${g.targetId} AND ${db.dialect.inList(sql`"userId"`, piece)}`,
        ),
      );
      for (const userId of added) newMemberships.push([g.targetId, userId, now]);
      if (removed.length > 0 || added.length > 0) {
        changes.push({ objectType: "Group", objectId: g.targetId, kind: "MembersChanged" });
        membershipChanges++;
        changed = true;
      }
    }
    if (changed) groups.updated++;
    else groups.unchanged++;
  }
  await insertRows(db, "DirectoryGroup", GROUP_COLUMNS, inserts);
  await insertRows(db, "GroupMembership", ["groupId", "userId", "createdAt"], newMemberships, { nothing: true });
  await recordChanges(db, changes, now);
  return { groups, membershipChanges };
}

/**
 * Writes a parsed import inside the caller's transaction (see withImportTransaction). Users are matched to
 * existing ones by objectId, then by user principal name (case-insensitive); groups by objectId. Group
 * members are resolved against existing users and the users of the same file. Every problem is collected
 * first; if there is any, nothing is written and ImportRowsError is thrown. Rows are read and written in
 * slices with statements of fixed shapes; only existing users' ids and names are held for the whole file.
 */
export async function applyDirectoryImport(db: ImportDb, parsed: ParsedImport): Promise<AppliedImport> {
  // Errors found while reading the file come first; these steps add those that need the directory.
  const errors: ImportRowError[] = [...parsed.errors];
  const index = await loadUserIndex(db);
  const { userPlans, fileUserIds } = planUsers(parsed, index, errors);
  await checkUpnClashes(db, userPlans, index, errors);
  const { groupPlans, groupById } = await planGroups(db, parsed, { index, fileUserIds }, errors);
  errors.push(
    ...(await findSourceOwnedImportRows(
      {
        users: (ids) => readByIds<DirectoryUser>(db, "DirectoryUser", ids),
        members: (groupIds) => loadMembers(db, groupIds),
        sourceNames: async (ids) => {
          const rows = await db.all(sql`SELECT "id", "name" FROM "Source" WHERE ${db.dialect.inList(sql`"id"`, ids)}`);
          return new Map(rows.map((r) => [String(r.id), String(r.name)]));
        },
      },
      { users: userPlans, groups: groupPlans },
      groupById,
    )),
  );
  if (errors.length > 0) throw new ImportRowsError(errors);

  const now = new Date();
  const { users, deletedMatched } = await writeUsers(db, userPlans, now);
  const { groups, membershipChanges } = await writeGroups(db, groupPlans, groupById, now);
  return { users, groups, membershipChanges, deletedMatched };
}
