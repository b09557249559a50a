import { sql, type Sql } from "../../db/sql/sql";
import { addMemberStatement, removeMemberStatement } from "../scim/write-pushed-group";
import { directoryChangeStatement, inIds, pushRead, pushWrite } from "../scim/push-database";
import type { LdapRunContext } from "./ldap-run-context";
import { dnKey, type MappedLdapUser } from "./map-ldap-entry";
import { byChunks } from "./write-ldap-users";

/**
 * Membership from the users' memberOf (groups were read first): each written user's memberships in this
 * source's groups become exactly the groups its memberOf names. Groups of other sources and hand-made ones
 * are left alone.
 */
export async function writeLdapMemberOf(ctx: LdapRunContext, users: Map<string, MappedLdapUser>): Promise<void> {
  if (users.size === 0) return;
  const keys = [...new Set([...users.values()].flatMap((u) => u.memberOf.map(dnKey)))];
  const groups = new Map(
    (
      await byChunks(keys, (part) =>
        pushRead(
          sql`SELECT g."id", e."dnKey" FROM "LdapEntry" e JOIN "DirectoryGroup" g ON g."sourceId" = e."sourceId" AND g."sourceAnchor" = e."anchor" WHERE e."sourceId" = ${ctx.sourceId} AND e."objectType" = 'Group' AND ${inIds(sql`e."dnKey"`, part)}`,
        ),
      )
    ).map((r) => [String(r.dnKey), String(r.id)]),
  );
  const anchors = [...users.keys()];
  const ids = new Map(
    (
      await byChunks(anchors, (part) =>
        pushRead(
          sql`SELECT "id", "sourceAnchor" FROM "DirectoryUser" WHERE "sourceId" = ${ctx.sourceId} AND ${inIds(sql`"sourceAnchor"`, part)}`,
        ),
      )
    ).map((r) => [String(r.sourceAnchor), String(r.id)]),
  );
  const now = new Date();
  const statements: Sql[] = [];
  const touched = new Set<string>();
  for (const [anchor, user] of users) {
    const userId = ids.get(anchor);
    if (!userId) continue;
    const want = new Set(user.memberOf.map((dn) => groups.get(dnKey(dn))).filter((g): g is string => !!g));
    const have = (
      await pushRead(
        sql`SELECT m."groupId" FROM "GroupMembership" m JOIN "DirectoryGroup" g ON g."id" = m."groupId" WHERE m."userId" = ${userId} AND g."sourceId" = ${ctx.sourceId}`,
      )
    ).map((r) => String(r.groupId));
    for (const g of have.filter((g) => !want.has(g))) {
      statements.push(removeMemberStatement(g, userId));
      touched.add(g);
    }
    const haveSet = new Set(have);
    for (const g of [...want].filter((g) => !haveSet.has(g))) {
      statements.push(addMemberStatement(g, userId, now));
      touched.add(g);
    }
  }
  for (const g of touched) statements.push(directoryChangeStatement("Group", g, "MembersChanged", now));
  if (statements.length > 0) await pushWrite(statements);
  ctx.changed += touched.size;
}
