import { prisma, type Tx } from "../db/prisma";
import { isPrismaError } from "../db/prisma-errors";
import {
  SandboxConflictError,
  SandboxNotFoundError,
  displayNameKey,
  externalIdOf,
  memberIdsOf,
  userNameKey,
  type IndexedAttribute,
  type MemberInfo,
  type ResourceKind,
  type SandboxStore,
  type ScimObject,
} from "./sandbox-store";

type Row = { id: string; resource: string };

function parse(row: Row): ScimObject {
  return { ...(JSON.parse(row.resource) as Record<string, unknown>), id: row.id };
}

function isUniqueViolation(e: unknown): boolean {
  return isPrismaError(e, "P2002");
}

function userColumns(resource: ScimObject) {
  return {
    userNameKey: userNameKey(resource.userName),
    externalId: externalIdOf(resource),
    displayNameKey: displayNameKey(resource.displayName),
    resource: JSON.stringify(resource),
  };
}

function groupColumns(resource: ScimObject) {
  return {
    displayName: String(resource.displayName ?? ""),
    displayNameKey: displayNameKey(resource.displayName) ?? "",
    externalId: externalIdOf(resource),
    memberCount: memberIdsOf(resource).length,
    resource: JSON.stringify(resource),
  };
}

const ORDER = [{ createdAt: "asc" as const }, { id: "asc" as const }];
const CHUNK = 500;

/** Drops `memberId` from every group that lists it (the LIKE narrows the scan; the JSON check is exact). */
async function dropFromGroups(tx: Tx, memberId: string): Promise<void> {
  const groups = await tx.sandboxGroup.findMany({
    where: { resource: { contains: memberId } },
    select: { id: true, resource: true },
  });
  for (const row of groups) {
    const group = parse(row);
    const ids = memberIdsOf(group);
    if (!ids.includes(memberId)) continue;
    const members = (group.members as Array<{ value: string }>).filter((m) => m.value !== memberId);
    const next: ScimObject = { ...group, meta: { ...(group.meta as object), lastModified: new Date().toISOString() } };
    if (members.length) next.members = members;
    else delete next.members;
    await tx.sandboxGroup.update({ where: { id: row.id }, data: groupColumns(next) });
  }
}

/** The app's built-in sandbox: SandboxUser and SandboxGroup rows holding SCIM JSON, indexed for `eq` filters. */
export const prismaSandboxStore: SandboxStore = {
  async get(kind, id) {
    const row =
      kind === "User"
        ? await prisma.sandboxUser.findUnique({ where: { id } })
        : await prisma.sandboxGroup.findUnique({ where: { id } });
    return row ? parse(row) : undefined;
  },

  async page(kind, offset, limit) {
    if (kind === "User") {
      const [total, rows] = await Promise.all([
        prisma.sandboxUser.count(),
        limit > 0 ? prisma.sandboxUser.findMany({ orderBy: ORDER, skip: offset, take: limit }) : Promise.resolve([]),
      ]);
      return { total, items: rows.map(parse) };
    }
    const [total, rows] = await Promise.all([
      prisma.sandboxGroup.count(),
      limit > 0 ? prisma.sandboxGroup.findMany({ orderBy: ORDER, skip: offset, take: limit }) : Promise.resolve([]),
    ]);
    return { total, items: rows.map(parse) };
  },

  async findBy(kind, attribute: IndexedAttribute, value) {
    if (kind === "User") {
      const where =
        attribute === "id"
          ? { id: value }
          : attribute === "userName"
            ? { userNameKey: userNameKey(value) }
            : attribute === "externalId"
              ? { externalId: value }
              : { displayNameKey: value.toLowerCase() };
      return (await prisma.sandboxUser.findMany({ where, orderBy: ORDER })).map(parse);
    }
    if (attribute === "userName") return [];
    const where =
      attribute === "id"
        ? { id: value }
        : attribute === "externalId"
          ? { externalId: value }
          : { displayNameKey: value.toLowerCase() };
    return (await prisma.sandboxGroup.findMany({ where, orderBy: ORDER })).map(parse);
  },

  async all(kind) {
    const rows =
      kind === "User"
        ? await prisma.sandboxUser.findMany({ orderBy: ORDER })
        : await prisma.sandboxGroup.findMany({ orderBy: ORDER });
    return rows.map(parse);
  },

  async insert(kind, resource) {
    const created = new Date(String((resource.meta as { created?: string })?.created ?? new Date().toISOString()));
    try {
      if (kind === "User")
        await prisma.sandboxUser.create({ data: { id: resource.id, createdAt: created, ...userColumns(resource) } });
      else
        await prisma.sandboxGroup.create({ data: { id: resource.id, createdAt: created, ...groupColumns(resource) } });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new SandboxConflictError(
          kind === "User"
            ? `userName ${String(resource.userName)} is already taken`
            : `A group with id ${resource.id} already exists`,
        );
      throw e;
    }
  },

  async replace(kind, resource) {
    try {
      if (kind === "User") await prisma.sandboxUser.update({ where: { id: resource.id }, data: userColumns(resource) });
      else await prisma.sandboxGroup.update({ where: { id: resource.id }, data: groupColumns(resource) });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new SandboxConflictError(`userName ${String(resource.userName)} is already taken`);
      if (isPrismaError(e, "P2025")) throw new SandboxNotFoundError(`${kind} ${resource.id} not found`);
      throw e;
    }
  },

  async patchMembers(groupId, op, members) {
    await prisma.$transaction(async (tx) => {
      const row = await tx.sandboxGroup.findUnique({ where: { id: groupId } });
      if (!row) throw new SandboxNotFoundError(`Group ${groupId} not found`);
      const group = parse(row);
      const current = new Map<string, ResourceKind>(
        ((group.members as Array<{ value: string; type?: ResourceKind }> | undefined) ?? []).map((m) => [
          m.value,
          m.type ?? "User",
        ]),
      );
      for (const m of members) {
        if (op === "add") current.set(m.value, m.type);
        else current.delete(m.value);
      }
      const next: ScimObject = {
        ...group,
        meta: { ...(group.meta as object), lastModified: new Date().toISOString() },
      };
      if (current.size) next.members = [...current].map(([value, type]) => ({ value, type }));
      else delete next.members;
      await tx.sandboxGroup.update({ where: { id: groupId }, data: groupColumns(next) });
    });
  },

  async remove(kind, id) {
    return prisma.$transaction(async (tx) => {
      const deleted =
        kind === "User"
          ? await tx.sandboxUser.deleteMany({ where: { id } })
          : await tx.sandboxGroup.deleteMany({ where: { id } });
      if (deleted.count === 0) return false;
      await dropFromGroups(tx, id);
      return true;
    });
  },

  async describeMembers(ids) {
    const out = new Map<string, MemberInfo>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const [users, groups] = await Promise.all([
        prisma.sandboxUser.findMany({ where: { id: { in: chunk } }, select: { id: true, resource: true } }),
        prisma.sandboxGroup.findMany({ where: { id: { in: chunk } }, select: { id: true, displayName: true } }),
      ]);
      for (const row of users) {
        const user = parse(row);
        out.set(row.id, {
          type: "User",
          display: (user.displayName as string | undefined) ?? (user.userName as string | undefined),
        });
      }
      for (const row of groups) out.set(row.id, { type: "Group", display: row.displayName });
    }
    return out;
  },

  async count(kind) {
    return kind === "User" ? prisma.sandboxUser.count() : prisma.sandboxGroup.count();
  },

  async reset() {
    await prisma.$transaction([prisma.sandboxGroup.deleteMany(), prisma.sandboxUser.deleteMany()]);
  },
};
