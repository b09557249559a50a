import type { Client } from "ldapts";
import { sql, type Sql } from "../../db/sql/sql";
import { addMemberStatement, removeMemberStatement } from "../scim/write-pushed-group";
import { directoryChangeStatement, inIds, pushRead, pushWrite } from "../scim/push-database";
import type { LdapRunContext } from "./ldap-run-context";
import { dnKey, ldapAnchor } from "./map-ldap-entry";
import { byChunks } from "./write-ldap-users";

/** A value inside an RFC 4515 filter: *, (, ), \ and NUL escaped. */
function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/**
 * memberOf membership in a delta read. Active Directory keeps memberOf as a back-link: adding a user to a
 * group changes the group's uSNChanged, not the user's, so a delta that read only the changed users would miss
 * the change until the next full reconcile. For each group the delta read, its users are looked up by
 * `(memberOf=<group DN>)` within the user filter, and its membership in the directory set to them. (A full
 * read needs none of this: every user's memberOf is read.)
 */
export async function writeLdapGroupMemberOf(client: Client, ctx: LdapRunContext, groupDns: string[]): Promise<void> {
  const s = ctx.settings;
  const binary = s.anchorAttribute.toLowerCase() === "objectguid" ? [s.anchorAttribute] : [];
  for (const groupDn of groupDns) {
    const [group] = await pushRead(
      sql`SELECT g."id" FROM "LdapEntry" e JOIN "DirectoryGroup" g ON g."sourceId" = e."sourceId" AND g."sourceAnchor" = e."anchor" WHERE e."sourceId" = ${ctx.sourceId} AND e."objectType" = 'Group' AND e."dnKey" = ${dnKey(groupDn)} AND g."deletedAt" IS NULL`,
    );
    // A group that failed to be written (its entry is in the log) keeps its membership.
    if (!group) continue;
    const groupId = String(group.id);
    const anchors: string[] = [];
    const pages = client.searchPaginated(s.baseDn, {
      scope: "sub",
      filter: `(&${s.userFilter}(memberOf=${escapeFilterValue(groupDn)}))`,
      attributes: [s.anchorAttribute],
      explicitBufferAttributes: binary,
      paged: { pageSize: s.pageSize },
    });
    for await (const page of pages)
      for (const entry of page.searchEntries) {
        const anchor = ldapAnchor(entry, s.anchorAttribute);
        if (anchor) anchors.push(anchor);
      }
    const want = new Set(
      (
        await byChunks(anchors, (part) =>
          pushRead(
            sql`SELECT "id" FROM "DirectoryUser" WHERE "sourceId" = ${ctx.sourceId} AND "deletedAt" IS NULL AND ${inIds(sql`"sourceAnchor"`, part)}`,
          ),
        )
      ).map((r) => String(r.id)),
    );
    const have = (await pushRead(sql`SELECT "userId" FROM "GroupMembership" WHERE "groupId" = ${groupId}`)).map((r) =>
      String(r.userId),
    );
    const haveSet = new Set(have);
    const now = new Date();
    const statements: Sql[] = [
      ...have.filter((u) => !want.has(u)).map((u) => removeMemberStatement(groupId, u)),
      ...[...want].filter((u) => !haveSet.has(u)).map((u) => addMemberStatement(groupId, u, now)),
    ];
    if (statements.length === 0) continue;
    statements.push(directoryChangeStatement("Group", groupId, "MembersChanged", now));
    await pushWrite(statements);
    ctx.changed += 1;
  }
}
