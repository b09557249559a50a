import SCIMMY from "scimmy";
import { sql, type Sql } from "../../db/sql/sql";
import { GuardFailedError } from "../../db/sql/sql-store";
import { existingMembers, resolveMemberAnchors } from "./pushed-group-members";
import {
  directoryChangeStatement,
  idChunks,
  inIds,
  pushRead,
  pushWrite,
  sourceChangedStatement,
  sourceEventStatement,
} from "./push-database";
import type { ScimPushContext } from "./scim-push-context";
import { addMemberStatement, removeMemberStatement } from "./write-pushed-group";

export type MembershipOperation = { op: "add" | "remove"; values: string[] };

/**
 * Applies Entra's and Okta's membership PATCHes (members added and removed in batches) without reading or
 * rewriting the whole group. The request's operations apply in order, in one transaction; adding a member
 * twice or removing a non-member changes nothing. Values to add must name live users of this source;
 * values to remove that name nobody are ignored (the member is gone either way).
 */
export async function patchPushedGroupMembers(
  ctx: ScimPushContext,
  anchor: string,
  operations: MembershipOperation[],
): Promise<void> {
  const [group] = await pushRead(
    sql`SELECT "id", "displayName", "deletedAt" FROM "DirectoryGroup" WHERE "sourceId" = ${ctx.source.id} AND "sourceAnchor" = ${anchor}`,
  );
  const gone = () => new SCIMMY.Types.Error(404, null as unknown as string, `Group ${anchor} not found`);
  if (!group || group.deletedAt !== null) throw gone();
  const groupId = String(group.id);
  const now = new Date();
  // The member set as the operations leave it, computed here; the statements then say exactly that.
  const touched = new Map<string, boolean>();
  for (const operation of operations) {
    if (operation.op === "add") {
      for (const id of await resolveMemberAnchors(ctx, operation.values)) touched.set(id, true);
    } else {
      const unique = [...new Set(operation.values)];
      for (const part of idChunks(unique)) {
        const rows = await pushRead(
          sql`SELECT "id" FROM "DirectoryUser" WHERE "sourceId" = ${ctx.source.id} AND ${inIds(sql`"sourceAnchor"`, part)}`,
        );
        for (const r of rows) touched.set(String(r.id), false);
      }
    }
  }
  const before = await existingMembers(groupId, [...touched.keys()]);
  const statements: Sql[] = [
    sql`UPDATE "DirectoryGroup" SET "updatedAt" = "updatedAt" WHERE "id" = ${groupId} AND "deletedAt" IS NULL`.expecting(
      1,
    ),
  ];
  let added = 0;
  let removed = 0;
  for (const [userId, member] of touched) {
    if (member && !before.has(userId)) {
      statements.push(addMemberStatement(groupId, userId, now));
      added++;
    } else if (!member && before.has(userId)) {
      statements.push(removeMemberStatement(groupId, userId));
      removed++;
    }
  }
  if (added + removed > 0) {
    statements.push(directoryChangeStatement("Group", groupId, "MembersChanged", now));
    statements.push(sourceChangedStatement(ctx.source.id, now));
  }
  statements.push(
    sourceEventStatement(
      {
        sourceId: ctx.source.id,
        method: ctx.request.method,
        path: ctx.request.path,
        status: 204,
        operation: "Members",
        objectType: "Group",
        objectId: groupId,
        identity: String(group.displayName),
        detail: `${added} added, ${removed} removed`,
      },
      now,
    ),
  );
  try {
    await pushWrite(statements);
  } catch (e) {
    if (e instanceof GuardFailedError) throw gone();
    throw e;
  }
}
