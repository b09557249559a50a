import crypto from "node:crypto";
import SCIMMY from "scimmy";
import { dbDate } from "../../db/prisma-row";
import { sql, type Sql } from "../../db/sql/sql";
import { GuardFailedError } from "../../db/sql/sql-store";
import { groupAttributesSchema } from "../../directory/directory-schemas";
import { resolveMemberAnchors } from "./pushed-group-members";
import {
  directoryChangeStatement,
  pushRead,
  pushWrite,
  sourceChangedStatement,
  sourceEventStatement,
  upsertResourceStatement,
} from "./push-database";
import type { PushedResource } from "./pushed-resources";
import type { ScimPushContext } from "./scim-push-context";

/** Entra's group POST still names a schema from the Azure AD Graph days; it adds nothing to a group. */
export const LEGACY_ENTRA_GROUP_SCHEMA = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

const invalid = (detail: string) => new SCIMMY.Types.Error(400, "invalidValue", detail);
const notFound = (anchor: string) =>
  new SCIMMY.Types.Error(404, null as unknown as string, `Group ${anchor} not found`);

function memberValues(instance: Record<string, unknown>): string[] {
  const members = instance.members;
  if (!Array.isArray(members)) return [];
  return members.map((m) => {
    const value = m && typeof m === "object" ? (m as { value?: unknown }).value : undefined;
    if (typeof value !== "string" || !value) throw invalid("Every group member needs a value (the member's id)");
    return value;
  });
}

function storedGroup(instance: Record<string, unknown>, anchor: string, created: string, now: string) {
  const { meta: _m, id: _i, members: _members, ...rest } = instance;
  const schemas = Array.isArray(rest.schemas)
    ? rest.schemas.filter((s) => s !== LEGACY_ENTRA_GROUP_SCHEMA)
    : rest.schemas;
  return {
    ...rest,
    schemas,
    id: anchor,
    meta: { resourceType: "Group", created, lastModified: now },
  } as PushedResource;
}

export const addMemberStatement = (groupId: string, userId: string, at: Date): Sql =>
  sql`INSERT INTO "GroupMembership" ("groupId", "userId", "createdAt") VALUES (${groupId}, ${userId}, ${at}) ON CONFLICT DO NOTHING`;

export const removeMemberStatement = (groupId: string, userId: string): Sql =>
  sql`DELETE FROM "GroupMembership" WHERE "groupId" = ${groupId} AND "userId" = ${userId}`;

/**
 * Writes a pushed group: POST (no anchor) creates it, PUT and PATCH replace its name and its whole member
 * list (membership deltas go through patchPushedGroupMembers instead). One transaction, as for users.
 */
export async function writePushedGroup(
  ctx: ScimPushContext,
  anchor: string | undefined,
  instance: Record<string, unknown>,
): Promise<PushedResource> {
  const parsed = groupAttributesSchema.pick({ displayName: true }).safeParse({ displayName: instance.displayName });
  if (!parsed.success) throw invalid(`displayName: ${parsed.error.issues[0].message}`);
  const { displayName } = parsed.data;
  const externalId = typeof instance.externalId === "string" && instance.externalId ? instance.externalId : null;
  const memberIds = await resolveMemberAnchors(ctx, memberValues(instance));
  const now = new Date();
  const statements: Sql[] = [];
  const changes: string[] = [];
  let id: string;
  let created = now.toISOString();
  if (anchor === undefined) {
    id = crypto.randomUUID();
    statements.push(
      sql`INSERT INTO "DirectoryGroup" ("id", "displayName", "externalId", "sourceId", "sourceAnchor", "securityEnabled", "mailEnabled", "createdAt", "updatedAt") VALUES (${id}, ${displayName}, ${externalId}, ${ctx.source.id}, ${id}, ${true}, ${false}, ${now}, ${now})`,
    );
    for (const userId of memberIds) statements.push(addMemberStatement(id, userId, now));
    changes.push("Created");
  } else {
    const [group] = await pushRead(
      sql`SELECT "id", "displayName", "externalId", "deletedAt", "createdAt" FROM "DirectoryGroup" WHERE "sourceId" = ${ctx.source.id} AND "sourceAnchor" = ${anchor}`,
    );
    if (!group || group.deletedAt !== null) throw notFound(anchor);
    id = String(group.id);
    created = dbDate(group.createdAt).toISOString();
    // The group must still be there, undeleted, when the write runs.
    statements.push(
      sql`UPDATE "DirectoryGroup" SET "displayName" = ${displayName}, "externalId" = ${externalId}, "updatedAt" = ${now} WHERE "id" = ${id} AND "deletedAt" IS NULL`.expecting(
        1,
      ),
    );
    if (group.displayName !== displayName || (group.externalId ?? null) !== externalId) changes.push("Updated");
    const current = (await pushRead(sql`SELECT "userId" FROM "GroupMembership" WHERE "groupId" = ${id}`)).map((r) =>
      String(r.userId),
    );
    const next = new Set(memberIds);
    const removed = current.filter((u) => !next.has(u));
    const have = new Set(current);
    const added = memberIds.filter((u) => !have.has(u));
    for (const u of removed) statements.push(removeMemberStatement(id, u));
    for (const u of added) statements.push(addMemberStatement(id, u, now));
    if (removed.length > 0 || added.length > 0) changes.push("MembersChanged");
  }
  const resource = storedGroup(instance, id, created, now.toISOString());
  statements.push(upsertResourceStatement(ctx.source.id, "Group", id, resource, now));
  for (const kind of changes) statements.push(directoryChangeStatement("Group", id, kind, now));
  if (changes.length > 0) statements.push(sourceChangedStatement(ctx.source.id, now));
  statements.push(
    sourceEventStatement(
      {
        sourceId: ctx.source.id,
        method: ctx.request.method,
        path: ctx.request.path,
        status: anchor === undefined ? 201 : 200,
        operation: anchor === undefined ? "Create" : "Update",
        objectType: "Group",
        objectId: id,
        identity: displayName,
        detail: anchor === undefined ? `${memberIds.length} member(s)` : changes.length ? null : "Nothing changed",
      },
      now,
    ),
  );
  try {
    await pushWrite(statements);
  } catch (e) {
    if (e instanceof GuardFailedError && anchor !== undefined) throw notFound(anchor);
    throw e;
  }
  return resource;
}
