import crypto from "node:crypto";
import SCIMMY from "scimmy";
import { optionalUserAttributeNames } from "../../directory/directory-schemas";
import type { DirectoryUser } from "@prisma/client";
import { dbDate, toPrismaRow } from "../../db/prisma-row";
import { ident, join, sql, type Sql, type SqlParam } from "../../db/sql/sql";
import { GuardFailedError } from "../../db/sql/sql-store";
import { mapScimUser, type MappedScimUser } from "./map-scim-user";
import {
  directoryChangeStatement,
  isUniqueViolation,
  pushRead,
  pushWrite,
  sourceChangedStatement,
  sourceEventStatement,
  upsertResourceStatement,
} from "./push-database";
import type { PushedResource } from "./pushed-resources";
import type { ScimPushContext } from "./scim-push-context";

const conflict = (detail: string) => new SCIMMY.Types.Error(409, "uniqueness", detail);
const notFound = (anchor: string) => new SCIMMY.Types.Error(404, null as unknown as string, `User ${anchor} not found`);

/** The directory columns a push writes, in one fixed order (the statements keep one shape). */
const COLUMNS = [
  "userPrincipalName",
  "displayName",
  "mailNickname",
  ...optionalUserAttributeNames,
  "accountEnabled",
  "managerId",
  "externalId",
] as const;

type Values = Record<(typeof COLUMNS)[number], SqlParam>;

/** Every mapped attribute, and null for every one the mapping does not fill (the source owns the user). */
function directoryValues(mapped: MappedScimUser, managerId: string | null): Values {
  const a = mapped.attributes;
  const values = {
    userPrincipalName: a.userPrincipalName,
    displayName: a.displayName,
    mailNickname: a.mailNickname,
    accountEnabled: a.accountEnabled !== false,
    managerId,
    externalId: mapped.externalId,
  } as Values;
  for (const name of optionalUserAttributeNames) values[name] = a[name] ?? null;
  return values;
}

/** No other user holds this user principal name, ignoring case (served by the lower(userPrincipalName) index). */
const upnFree = (upn: string, id: string): Sql =>
  sql`NOT EXISTS (SELECT 1 FROM "DirectoryUser" o WHERE lower(o."userPrincipalName") = lower(${upn}) AND o."id" <> ${id})`;

/** `"a" = ?, "b" = ?, …` for every column, in COLUMNS' order (one statement shape). */
const setColumns = (values: Values): Sql =>
  join(
    COLUMNS.map((c) => sql`${ident(c)} = ${values[c]}`),
    ", ",
  );

type Holder = { id: string; sourceId: string | null; deletedAt: unknown; sourceAnchor: string | null };

async function upnHolders(upn: string): Promise<Holder[]> {
  return (await pushRead(
    sql`SELECT "id", "sourceId", "deletedAt", "sourceAnchor" FROM "DirectoryUser" WHERE lower("userPrincipalName") = lower(${upn}) LIMIT 3`,
  )) as Holder[];
}

function upnTaken(upn: string, sameSource: boolean): InstanceType<typeof SCIMMY.Types.Error> {
  return conflict(
    sameSource
      ? `userName ${upn} is already taken by another user of this source`
      : `userName ${upn} is already held by a user Provisio's directory does not get from this source (made in Provisio, or owned by another source), so it is not changed`,
  );
}

async function resolveManager(ctx: ScimPushContext, anchor: string | null, self: string): Promise<string | null> {
  if (!anchor) return null;
  if (anchor === self) throw new SCIMMY.Types.Error(400, "invalidValue", "A user cannot be their own manager");
  const rows = await pushRead(
    sql`SELECT "id" FROM "DirectoryUser" WHERE "sourceId" = ${ctx.source.id} AND "sourceAnchor" = ${anchor} AND "deletedAt" IS NULL`,
  );
  if (rows.length === 0)
    throw new SCIMMY.Types.Error(400, "invalidValue", `manager: no user with id ${anchor} in this source`);
  return String(rows[0].id);
}

function storedResource(instance: Record<string, unknown>, anchor: string, created: string, now: string) {
  const { meta: _meta, id: _id, password: _password, ...rest } = instance;
  return { ...rest, id: anchor, meta: { resourceType: "User", created, lastModified: now } } as PushedResource;
}

/** The bookkeeping every write of a pushed user ends with: its resource, the change, the activity. */
function bookkeeping(
  ctx: ScimPushContext,
  opts: { anchor: string; resource: PushedResource; change: string | null; status: number; now: Date },
): Sql[] {
  const { anchor, resource, change, now } = opts;
  return [
    upsertResourceStatement(ctx.source.id, "User", anchor, resource, now),
    ...(change
      ? [directoryChangeStatement("User", anchor, change, now), sourceChangedStatement(ctx.source.id, now)]
      : []),
    sourceEventStatement(
      {
        sourceId: ctx.source.id,
        method: ctx.request.method,
        path: ctx.request.path,
        status: opts.status,
        operation: opts.status === 201 ? "Create" : "Update",
        objectType: "User",
        objectId: anchor,
        identity: typeof resource.userName === "string" ? resource.userName : null,
        detail:
          change === "Restored"
            ? "Restored a deleted user of this source"
            : change
              ? null
              : "No directory attribute changed",
      },
      now,
    ),
  ];
}

/**
 * A new user is inserted at once, with the guard that no one holds the userPrincipalName: the common case
 * costs one round trip to the database thread. Only when the guard fails are the holders read, to restore
 * this source's deleted user or to say who holds the name.
 */
async function createUser(ctx: ScimPushContext, mapped: MappedScimUser, instance: Record<string, unknown>) {
  try {
    return await insertUser(ctx, mapped, instance, null);
  } catch (e) {
    if (!(e instanceof GuardFailedError || isUniqueViolation(e))) throw e;
  }
  const upn = mapped.attributes.userPrincipalName;
  const holders = await upnHolders(upn);
  const other = holders.find((h) => h.sourceId !== ctx.source.id || h.deletedAt === null);
  if (other) throw upnTaken(upn, other.sourceId === ctx.source.id);
  if (!holders[0]) throw conflict(`userName ${upn} changed while this request was written; send it again`);
  return insertUser(ctx, mapped, instance, holders[0]);
}

/** Inserts a new user, or (`restoring`) brings this source's deleted user back under the same id. */
async function insertUser(
  ctx: ScimPushContext,
  mapped: MappedScimUser,
  instance: Record<string, unknown>,
  restoring: Holder | null,
) {
  const upn = mapped.attributes.userPrincipalName;
  const id = restoring?.sourceAnchor ?? crypto.randomUUID();
  const values = directoryValues(mapped, await resolveManager(ctx, mapped.managerAnchor, id));
  const now = new Date();
  const resource = storedResource(instance, id, now.toISOString(), now.toISOString());
  const write: Sql = restoring
    ? // As Entra restores a deleted user: the same object, links at targets and memberships kept.
      sql`UPDATE "DirectoryUser" SET ${setColumns(values)}, "deletedAt" = NULL, "updatedAt" = ${now} WHERE "id" = ${restoring.id} AND "deletedAt" IS NOT NULL AND ${upnFree(upn, restoring.id)}`.expecting(
        1,
      )
    : sql`INSERT INTO "DirectoryUser" ("id", "sourceId", "sourceAnchor", "createdAt", "updatedAt", ${join(
        COLUMNS.map((c) => ident(c)),
        ", ",
      )}) SELECT ${id}, ${ctx.source.id}, ${id}, ${now}, ${now}, ${join(
        COLUMNS.map((c) => sql`${values[c]}`),
        ", ",
      )} WHERE ${upnFree(upn, id)}`.expecting(1);
  await pushWrite([
    write,
    ...bookkeeping(ctx, { anchor: id, resource, change: restoring ? "Restored" : "Created", status: 201, now }),
  ]);
  return resource;
}

async function replaceUser(
  ctx: ScimPushContext,
  anchor: string,
  mapped: MappedScimUser,
  instance: Record<string, unknown>,
) {
  const upn = mapped.attributes.userPrincipalName;
  const [row] = await pushRead(
    sql`SELECT * FROM "DirectoryUser" WHERE "sourceId" = ${ctx.source.id} AND "sourceAnchor" = ${anchor}`,
  );
  const user = row && (toPrismaRow<DirectoryUser>("DirectoryUser", row) as unknown as Record<string, unknown>);
  if (!user || user.deletedAt !== null) throw notFound(anchor);
  const id = String(user.id);
  if (upn !== user.userPrincipalName) {
    const other = (await upnHolders(upn)).find((h) => h.id !== id);
    if (other) throw upnTaken(upn, other.sourceId === ctx.source.id);
  }
  const values = directoryValues(mapped, await resolveManager(ctx, mapped.managerAnchor, anchor));
  const changed = COLUMNS.filter((c) => (values[c] ?? null) !== (user[c] ?? null));
  const [previous] = await pushRead(
    sql`SELECT "createdAt" FROM "SourceResource" WHERE "sourceId" = ${ctx.source.id} AND "objectType" = 'User' AND "anchor" = ${anchor}`,
  );
  const now = new Date();
  const created = previous ? dbDate(previous.createdAt).toISOString() : now.toISOString();
  const resource = storedResource(instance, anchor, created, now.toISOString());
  const statements: Sql[] = [];
  if (changed.length > 0) {
    statements.push(
      sql`UPDATE "DirectoryUser" SET ${setColumns(values)}, "updatedAt" = ${now} WHERE "id" = ${id} AND "deletedAt" IS NULL AND ${upnFree(upn, id)}`.expecting(
        1,
      ),
    );
  } else {
    // Nothing to change, but the user must still be there: a DELETE in between wins, and this answers 404.
    statements.push(
      sql`UPDATE "DirectoryUser" SET "updatedAt" = "updatedAt" WHERE "id" = ${id} AND "deletedAt" IS NULL`.expecting(1),
    );
  }
  await pushWrite([
    ...statements,
    ...bookkeeping(ctx, { anchor, resource, change: changed.length ? "Updated" : null, status: 200, now }),
  ]);
  return resource;
}

/**
 * Writes a pushed user: POST (no anchor) creates one, or restores this source's deleted user that held the
 * userName (keeping its id, memberships and links at targets, as Entra restores a deleted user); PUT and
 * PATCH (an anchor) replace the user. The resource is mapped and validated first; then the directory row,
 * the stored resource, the change sequence and the source's activity are written in one transaction whose
 * guards repeat the checks, so a refused request changes nothing and a race is refused, not half-applied.
 */
export async function writePushedUser(
  ctx: ScimPushContext,
  anchor: string | undefined,
  instance: Record<string, unknown>,
): Promise<PushedResource> {
  const mapped = mapScimUser(instance, ctx.attributeMap.users);
  try {
    return anchor === undefined
      ? await createUser(ctx, mapped, instance)
      : await replaceUser(ctx, anchor, mapped, instance);
  } catch (e) {
    // Something changed between the checks and the write (another push, the UI): answer as the checks would.
    if (e instanceof GuardFailedError || isUniqueViolation(e)) {
      const upn = mapped.attributes.userPrincipalName;
      const holder = (await upnHolders(upn)).find((h) => h.sourceAnchor !== anchor || h.sourceId !== ctx.source.id);
      if (holder) throw upnTaken(upn, holder.sourceId === ctx.source.id);
      if (anchor !== undefined) throw notFound(anchor);
      throw conflict(`userName ${upn} changed while this request was written; send it again`);
    }
    throw e;
  }
}
