import { ident, sql, type Sql } from "../../db/sql/sql";
import { directoryChangeStatement, idChunks, inIds, pushRead, pushWrite } from "../scim/push-database";
import type { LdapRunContext } from "./ldap-run-context";

const BATCH = 256;

/**
 * After a complete full read: every object of the source whose entry the read did not see (deleted in LDAP,
 * moved out of the base DN, or no longer matching the filter) is soft-deleted, as Entra does, and its entry
 * forgotten; reading it again later restores the same object by its anchor. Entries that were read but failed
 * keep their objects. A read that found no users at all while the source holds some deletes nothing: that is
 * far more often a wrong base DN, filter or permission than an empty directory. Returns a note for the log.
 * `stillHeld` throws once the run no longer holds its source (checked before each batch).
 */
export async function reconcileLdapDeletions(
  ctx: LdapRunContext,
  stillHeld: () => void = () => {},
): Promise<string | null> {
  const [{ live }] = await pushRead(
    sql`SELECT COUNT(*) AS "live" FROM "DirectoryUser" WHERE "sourceId" = ${ctx.sourceId} AND "deletedAt" IS NULL`,
  );
  const [{ n: seenUsers }] = await pushRead(
    sql`SELECT COUNT(*) AS "n" FROM "LdapEntry" WHERE "sourceId" = ${ctx.sourceId} AND "objectType" = 'User' AND "seenRunId" = ${ctx.runId}`,
  );
  if (Number(live) > 0 && Number(seenUsers) === 0 && ctx.failedAnchors.size === 0)
    return "The full read found no users, so nothing was deleted. Check the base DN, the user filter and the account's permissions.";
  // Keyset pages by the row value (objectType, anchor): the same order as ORDER BY under either database's
  // collation, which a concatenated key would not be on PostgreSQL.
  let after: [string, string] = ["", ""];
  for (;;) {
    const rows = await pushRead(
      sql`SELECT "objectType", "anchor" FROM "LdapEntry" WHERE "sourceId" = ${ctx.sourceId} AND "seenRunId" <> ${ctx.runId} AND ("objectType", "anchor") > (${after[0]}, ${after[1]}) ORDER BY "objectType", "anchor" LIMIT ${BATCH}`,
    );
    if (rows.length === 0) break;
    stillHeld(); // throws once the run has lost its source: the run that took over decides deletions
    const last = rows[rows.length - 1];
    after = [String(last.objectType), String(last.anchor)];
    const gone = rows.filter((r) => !ctx.failedAnchors.has(String(r.anchor)));
    for (const kind of ["User", "Group"] as const) {
      const anchors = gone.filter((r) => r.objectType === kind).map((r) => String(r.anchor));
      for (const part of idChunks(anchors)) await softDelete(ctx, kind, part);
    }
  }
  return null;
}

async function softDelete(ctx: LdapRunContext, kind: "User" | "Group", anchors: string[]): Promise<void> {
  const table = ident(kind === "User" ? "DirectoryUser" : "DirectoryGroup");
  const now = new Date();
  const live = await pushRead(
    sql`SELECT "id" FROM ${table} WHERE "sourceId" = ${ctx.sourceId} AND "deletedAt" IS NULL AND ${inIds(sql`"sourceAnchor"`, anchors)}`,
  );
  const statements: Sql[] = [];
  for (const { id } of live) {
    statements.push(
      sql`UPDATE ${table} SET "deletedAt" = ${now}, "updatedAt" = ${now} WHERE "id" = ${String(id)} AND "deletedAt" IS NULL`,
    );
    statements.push(directoryChangeStatement(kind, String(id), "SoftDeleted", now));
  }
  statements.push(
    sql`DELETE FROM "LdapEntry" WHERE "sourceId" = ${ctx.sourceId} AND "objectType" = ${kind} AND ${inIds(sql`"anchor"`, anchors)}`,
  );
  await pushWrite(statements);
  ctx.counts.deleted += live.length;
  ctx.changed += live.length;
}
