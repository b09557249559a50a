import type { Entry } from "ldapts";
import { optionalUserAttributeNames } from "../../directory/directory-schemas";
import type { DirectoryUser } from "@prisma/client";
import { toPrismaRow } from "../../db/prisma-row";
import { ident, join, sql, type Sql, type SqlParam } from "../../db/sql/sql";
import { GuardFailedError, type Row } from "../../db/sql/sql-store";
import { directoryChangeStatement, idChunks, inIds, pushRead, pushWrite } from "../scim/push-database";
import type { LdapRunContext } from "./ldap-run-context";
import { dnKey, entryValues, ldapAnchor, mapLdapUser, LdapEntryError, type MappedLdapUser } from "./map-ldap-entry";

/** The directory columns an LDAP source writes, in one fixed order (the statements keep one shape). */
const COLUMNS = ["userPrincipalName", "displayName", "mailNickname", ...optionalUserAttributeNames, "accountEnabled"];

/** No other user holds this user principal name, ignoring case. */
const upnFree = (upn: string, id: string): Sql =>
  sql`NOT EXISTS (SELECT 1 FROM "DirectoryUser" o WHERE lower(o."userPrincipalName") = lower(${upn}) AND o."id" <> ${id})`;

function values(user: MappedLdapUser): Record<string, SqlParam> {
  const a = user.attributes as Record<string, unknown>;
  const out: Record<string, SqlParam> = {};
  for (const c of COLUMNS) out[c] = c === "accountEnabled" ? a.accountEnabled !== false : ((a[c] as string) ?? null);
  return out;
}

export function ldapEntryStatement(ctx: LdapRunContext, kind: "User" | "Group", anchor: string, dn: string): Sql {
  return sql`INSERT INTO "LdapEntry" ("sourceId", "objectType", "anchor", "dn", "dnKey", "seenRunId") VALUES (${ctx.sourceId}, ${kind}, ${anchor}, ${dn.slice(0, 2000)}, ${dnKey(dn).slice(0, 2000)}, ${ctx.runId}) ON CONFLICT ("sourceId", "objectType", "anchor") DO UPDATE SET "dn" = excluded."dn", "dnKey" = excluded."dnKey", "seenRunId" = excluded."seenRunId"`;
}

export async function byChunks(ids: string[], read: (part: string[]) => Promise<Row[]>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const part of idChunks(ids)) rows.push(...(await read(part)));
  return rows;
}

/** What a mapped user needs written: a new row, a restore, an update, or only its entry (nothing changed). */
function userStatements(ctx: LdapRunContext, user: MappedLdapUser, existing: Row | undefined, now: Date) {
  const v = values(user);
  const upn = user.attributes.userPrincipalName;
  const statements: Sql[] = [];
  let change: "Created" | "Updated" | "Restored" | null = null;
  let id: string;
  if (!existing) {
    id = crypto.randomUUID();
    statements.push(
      sql`INSERT INTO "DirectoryUser" ("id", "sourceId", "sourceAnchor", "createdAt", "updatedAt", ${join(
        COLUMNS.map((c) => ident(c)),
        ", ",
      )}) SELECT ${id}, ${ctx.sourceId}, ${user.anchor}, ${now}, ${now}, ${join(
        COLUMNS.map((c) => sql`${v[c]}`),
        ", ",
      )} WHERE ${upnFree(upn, id)}`.expecting(1),
    );
    change = "Created";
  } else {
    id = String(existing.id);
    const differs = COLUMNS.some((c) => (v[c] ?? null) !== (existing[c] ?? null));
    if (differs || existing.deletedAt !== null) {
      change = existing.deletedAt !== null ? "Restored" : "Updated";
      const set = join(
        COLUMNS.map((c) => sql`${ident(c)} = ${v[c]}`),
        ", ",
      );
      statements.push(
        sql`UPDATE "DirectoryUser" SET ${set}, "deletedAt" = NULL, "updatedAt" = ${now} WHERE "id" = ${id} AND ${upnFree(upn, id)}`.expecting(
          1,
        ),
      );
    }
  }
  statements.push(ldapEntryStatement(ctx, "User", user.anchor, user.dn));
  if (change) statements.push(directoryChangeStatement("User", id, change, now));
  return { statements, change };
}

function count(ctx: LdapRunContext, change: "Created" | "Updated" | "Restored" | null): void {
  if (change === "Created") ctx.counts.created += 1;
  else if (change) ctx.counts.updated += 1;
  if (change) ctx.changed += 1;
}

/**
 * Writes one page of user entries: each is mapped and checked (anchor, attributes, a userPrincipalName no other
 * user holds), then the page's rows, entries and directory changes go in one transaction. When that
 * transaction is refused (something changed meanwhile), each entry is written on its own, so one bad entry
 * fails alone. Returns the users written, with their directory ids, for memberOf.
 */
export async function writeLdapUsers(ctx: LdapRunContext, entries: Entry[]): Promise<Map<string, MappedLdapUser>> {
  const mapped = new Map<string, MappedLdapUser>();
  const upns = new Map<string, string>();
  for (const entry of entries) {
    ctx.counts.read += 1;
    const [delta] = entryValues(entry, ctx.settings.deltaAttribute);
    ctx.see(delta === undefined ? null : String(delta));
    try {
      const user = mapLdapUser(entry, ctx.settings);
      if (mapped.has(user.anchor))
        throw new LdapEntryError(user.dn, user.attributes.userPrincipalName, "Another entry has the same anchor");
      const key = user.attributes.userPrincipalName.toLowerCase();
      const other = upns.get(key);
      if (other !== undefined)
        throw new LdapEntryError(user.dn, key, `Duplicate userPrincipalName: ${other} has it too`);
      upns.set(key, user.dn);
      mapped.set(user.anchor, user);
    } catch (e) {
      ctx.fail(e, { dn: entry.dn, anchor: ldapAnchor(entry, ctx.settings.anchorAttribute) });
    }
  }
  if (mapped.size === 0) return mapped;
  const existing = new Map(
    (
      await byChunks([...mapped.keys()], (part) =>
        pushRead(
          sql`SELECT * FROM "DirectoryUser" WHERE "sourceId" = ${ctx.sourceId} AND ${inIds(sql`"sourceAnchor"`, part)}`,
        ),
      )
    ).map((r) => [String(r.sourceAnchor), toPrismaRow<DirectoryUser>("DirectoryUser", r) as unknown as Row]),
  );
  const holders = new Map(
    (
      await byChunks([...upns.keys()], (part) =>
        pushRead(
          sql`SELECT "id", "sourceId", "sourceAnchor", lower("userPrincipalName") AS "k" FROM "DirectoryUser" WHERE ${inIds(sql`lower("userPrincipalName")`, part)}`,
        ),
      )
    ).map((r) => [String(r.k), r]),
  );
  const now = new Date();
  const planned: {
    user: MappedLdapUser;
    statements: Sql[];
    change: ReturnType<typeof userStatements>["change"];
  }[] = [];
  for (const user of mapped.values()) {
    const holder = holders.get(user.attributes.userPrincipalName.toLowerCase());
    if (holder && !(holder.sourceId === ctx.sourceId && holder.sourceAnchor === user.anchor)) {
      const why =
        holder.sourceId === ctx.sourceId
          ? "another entry of this source has it"
          : "a user this source does not own (made in Provisio, or from another source) has it";
      ctx.fail(new LdapEntryError(user.dn, user.attributes.userPrincipalName, `Duplicate userPrincipalName: ${why}`), {
        dn: user.dn,
        anchor: user.anchor,
      });
      mapped.delete(user.anchor);
      continue;
    }
    planned.push({ user, ...userStatements(ctx, user, existing.get(user.anchor), now) });
  }
  try {
    await pushWrite(planned.flatMap((p) => p.statements));
    for (const p of planned) count(ctx, p.change);
  } catch {
    // One entry's write was refused (a race with another writer): write them one by one, so it fails alone.
    for (const p of planned) {
      try {
        await pushWrite(p.statements);
        count(ctx, p.change);
      } catch (e) {
        mapped.delete(p.user.anchor);
        const reason =
          e instanceof GuardFailedError
            ? new Error("Duplicate userPrincipalName: another user took it during the run")
            : e;
        ctx.fail(reason, { dn: p.user.dn, identity: p.user.attributes.userPrincipalName, anchor: p.user.anchor });
      }
    }
  }
  return mapped;
}
