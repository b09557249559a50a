import SCIMMY from "scimmy";
import { sql } from "../../db/sql/sql";
import { idChunks, inIds, pushRead } from "./push-database";
import type { ScimPushContext } from "./scim-push-context";

const invalid = (detail: string) => new SCIMMY.Types.Error(400, "invalidValue", detail);

/** Most members one request may name: Entra sends a few hundred per PATCH; a whole group by PUT can be larger. */
const MAX_MEMBERS_PER_REQUEST = 20_000;

/**
 * Member values (the ids this source was given for its users) → directory user ids. Every value must name a
 * live user of this source; groups as members are refused, since the directory's groups hold users only.
 */
export async function resolveMemberAnchors(ctx: ScimPushContext, anchors: string[]): Promise<string[]> {
  const wanted = [...new Set(anchors)];
  if (wanted.length > MAX_MEMBERS_PER_REQUEST)
    throw new SCIMMY.Types.Error(400, "tooMany", `At most ${MAX_MEMBERS_PER_REQUEST} members per request`);
  const found = new Map<string, string>();
  for (const part of idChunks(wanted)) {
    const rows = await pushRead(
      sql`SELECT "id", "sourceAnchor" FROM "DirectoryUser" WHERE "sourceId" = ${ctx.source.id} AND "deletedAt" IS NULL AND ${inIds(sql`"sourceAnchor"`, part)}`,
    );
    for (const r of rows) found.set(String(r.sourceAnchor), String(r.id));
  }
  const missing = wanted.filter((a) => !found.has(a));
  if (missing.length > 0) {
    const sample = missing.slice(0, 4);
    const groups = await pushRead(
      sql`SELECT 1 FROM "DirectoryGroup" WHERE "sourceId" = ${ctx.source.id} AND ${inIds(sql`"sourceAnchor"`, sample)} LIMIT 1`,
    );
    const shown = missing
      .slice(0, 5)
      .map((a) => `"${a}"`)
      .join(", ");
    throw invalid(
      groups.length > 0
        ? "Groups cannot be members of a group in Provisio's directory; add their users instead"
        : `members: no user with id ${shown}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ""} in this source`,
    );
  }
  return wanted.map((a) => found.get(a)!);
}

/** A group's members as the SCIM response lists them: the ids the source knows them by, oldest first. */
export async function pushedGroupMembers(groupId: string): Promise<Array<{ value: string; display: string }>> {
  const rows = await pushRead(
    sql`SELECT u."id", u."sourceAnchor", u."displayName" FROM "GroupMembership" m JOIN "DirectoryUser" u ON u."id" = m."userId" WHERE m."groupId" = ${groupId} ORDER BY m."createdAt", m."userId"`,
  );
  return rows.map((r) => ({ value: String(r.sourceAnchor ?? r.id), display: String(r.displayName) }));
}

/** Which of these users are members of the group already. */
export async function existingMembers(groupId: string, userIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of idChunks(userIds)) {
    const rows = await pushRead(
      sql`SELECT "userId" FROM "GroupMembership" WHERE "groupId" = ${groupId} AND ${inIds(sql`"userId"`, part)}`,
    );
    for (const r of rows) out.add(String(r.userId));
  }
  return out;
}
