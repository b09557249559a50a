import type { Entry } from "ldapts";
import { sql, type Sql } from "../../db/sql/sql";
import { addMemberStatement, removeMemberStatement } from "../scim/write-pushed-group";
import { directoryChangeStatement, inIds, pushRead, pushWrite } from "../scim/push-database";
import type { LdapRunContext } from "./ldap-run-context";
import { dnKey, entryValues, ldapAnchor, mapLdapGroup, type MappedLdapGroup } from "./map-ldap-entry";
import { byChunks, ldapEntryStatement } from "./write-ldap-users";

/**
 * A group's member DNs, resolved against what this source read: its users become the group's members; its
 * groups (nested groups) are counted, not stored, since a directory group's members are users (as Entra's
 * provisioning sends only a group's direct user members); DNs that name neither are counted too (members
 * outside the base DN or the filters). A DN not known yet may be a group later in the same read: it is
 * settled at the end of the run (settleLdapMemberDns).
 */
async function resolveMemberDns(ctx: LdapRunContext, dns: string[]): Promise<Set<string>> {
  const keys = [...new Set(dns.map(dnKey))];
  const users = await byChunks(keys, (part) =>
    pushRead(
      sql`SELECT u."id", e."dnKey" FROM "LdapEntry" e JOIN "DirectoryUser" u ON u."sourceId" = e."sourceId" AND u."sourceAnchor" = e."anchor" WHERE e."sourceId" = ${ctx.sourceId} AND e."objectType" = 'User' AND ${inIds(sql`e."dnKey"`, part)} AND u."deletedAt" IS NULL`,
    ),
  );
  const userKeys = new Set(users.map((r) => String(r.dnKey)));
  const rest = keys.filter((k) => !userKeys.has(k));
  const groups = new Set((await knownGroupKeys(ctx, rest)).map(String));
  for (const k of rest) {
    if (groups.has(k)) ctx.members.nestedGroups += 1;
    else ctx.deferMember(k);
  }
  return new Set(users.map((r) => String(r.id)));
}

async function knownGroupKeys(ctx: LdapRunContext, keys: string[]): Promise<string[]> {
  const rows = await byChunks(keys, (part) =>
    pushRead(
      sql`SELECT "dnKey" FROM "LdapEntry" WHERE "sourceId" = ${ctx.sourceId} AND "objectType" = 'Group' AND ${inIds(sql`"dnKey"`, part)}`,
    ),
  );
  return rows.map((r) => String(r.dnKey));
}

/** After the read: member DNs that were not known when their group was written, now groups or unknown. */
export async function settleLdapMemberDns(ctx: LdapRunContext): Promise<void> {
  const pending = ctx.takeDeferredMembers();
  if (pending.size === 0) return;
  const groups = new Set(await knownGroupKeys(ctx, [...pending.keys()]));
  for (const [key, references] of pending) {
    if (groups.has(key)) ctx.members.nestedGroups += references;
    else ctx.members.unresolved += references;
  }
}

async function writeGroup(ctx: LdapRunContext, group: MappedLdapGroup): Promise<void> {
  const [existing] = await pushRead(
    sql`SELECT "id", "displayName", "description", "deletedAt" FROM "DirectoryGroup" WHERE "sourceId" = ${ctx.sourceId} AND "sourceAnchor" = ${group.anchor}`,
  );
  const now = new Date();
  const statements: Sql[] = [];
  const changes: string[] = [];
  const id = existing ? String(existing.id) : crypto.randomUUID();
  if (!existing) {
    statements.push(
      sql`INSERT INTO "DirectoryGroup" ("id", "displayName", "description", "sourceId", "sourceAnchor", "securityEnabled", "mailEnabled", "createdAt", "updatedAt") VALUES (${id}, ${group.displayName}, ${group.description}, ${ctx.sourceId}, ${group.anchor}, ${true}, ${false}, ${now}, ${now})`,
    );
    changes.push("Created");
  } else if (
    existing.displayName !== group.displayName ||
    (existing.description ?? null) !== group.description ||
    existing.deletedAt !== null
  ) {
    statements.push(
      sql`UPDATE "DirectoryGroup" SET "displayName" = ${group.displayName}, "description" = ${group.description}, "deletedAt" = NULL, "updatedAt" = ${now} WHERE "id" = ${id}`,
    );
    changes.push(existing.deletedAt !== null ? "Restored" : "Updated");
  }
  if (ctx.settings.membership === "memberDn") {
    const next = await resolveMemberDns(ctx, group.memberDns);
    const current = existing
      ? (await pushRead(sql`SELECT "userId" FROM "GroupMembership" WHERE "groupId" = ${id}`)).map((r) =>
          String(r.userId),
        )
      : [];
    const have = new Set(current);
    const removed = current.filter((u) => !next.has(u));
    const added = [...next].filter((u) => !have.has(u));
    for (const u of removed) statements.push(removeMemberStatement(id, u));
    for (const u of added) statements.push(addMemberStatement(id, u, now));
    if (existing && (removed.length > 0 || added.length > 0)) changes.push("MembersChanged");
  }
  statements.push(ldapEntryStatement(ctx, "Group", group.anchor, group.dn));
  for (const kind of changes) statements.push(directoryChangeStatement("Group", id, kind, now));
  await pushWrite(statements);
  if (changes.includes("Created")) ctx.counts.created += 1;
  else if (changes.length > 0) ctx.counts.updated += 1;
  if (changes.length > 0) ctx.changed += 1;
}

/** Writes one page of group entries, each in a transaction of its own with its membership. */
export async function writeLdapGroups(ctx: LdapRunContext, entries: Entry[]): Promise<void> {
  const seen = new Set<string>();
  for (const entry of entries) {
    ctx.counts.read += 1;
    const [delta] = entryValues(entry, ctx.settings.deltaAttribute);
    ctx.see(delta === undefined ? null : String(delta));
    try {
      const group = mapLdapGroup(entry, ctx.settings);
      if (seen.has(group.anchor)) throw new Error("Another entry has the same anchor");
      seen.add(group.anchor);
      await writeGroup(ctx, group);
    } catch (e) {
      ctx.fail(e, { dn: entry.dn, anchor: ldapAnchor(entry, ctx.settings.anchorAttribute) });
    }
  }
}
