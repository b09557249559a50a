import SCIMMY from "scimmy";
import { ident, sql } from "../../db/sql/sql";
import { GuardFailedError } from "../../db/sql/sql-store";
import {
  directoryChangeStatement,
  pushRead,
  pushWrite,
  sourceChangedStatement,
  sourceEventStatement,
} from "./push-database";
import type { PushedKind } from "./pushed-resources";
import type { ScimPushContext } from "./scim-push-context";

/**
 * DELETE of a pushed user or group: the directory object is soft-deleted, as Entra does with a removed user
 * (provisioning treats it as IsSoftDeleted and deprovisions it from applications), and the stored resource
 * goes, so the IdP gets 404 for it from now on. A later POST of the same userName restores the user.
 */
export async function removePushedObject(ctx: ScimPushContext, kind: PushedKind, anchor: string): Promise<void> {
  const table = kind === "User" ? "DirectoryUser" : "DirectoryGroup";
  const identity = kind === "User" ? "userPrincipalName" : "displayName";
  const [object] = await pushRead(
    sql`SELECT "id", "deletedAt", ${ident(identity)} AS "identity" FROM ${ident(table)} WHERE "sourceId" = ${ctx.source.id} AND "sourceAnchor" = ${anchor}`,
  );
  const gone = () => new SCIMMY.Types.Error(404, null as unknown as string, `${kind} ${anchor} not found`);
  if (!object || object.deletedAt !== null) throw gone();
  const id = String(object.id);
  const now = new Date();
  try {
    await pushWrite([
      sql`UPDATE ${ident(table)} SET "deletedAt" = ${now}, "updatedAt" = ${now} WHERE "id" = ${id} AND "deletedAt" IS NULL`.expecting(
        1,
      ),
      sql`DELETE FROM "SourceResource" WHERE "sourceId" = ${ctx.source.id} AND "objectType" = ${kind} AND "anchor" = ${anchor}`,
      directoryChangeStatement(kind, id, "SoftDeleted", now),
      sourceChangedStatement(ctx.source.id, now),
      sourceEventStatement(
        {
          sourceId: ctx.source.id,
          method: ctx.request.method,
          path: ctx.request.path,
          status: 204,
          operation: "Delete",
          objectType: kind,
          objectId: id,
          identity: String(object.identity),
          detail: "Soft-deleted in the directory",
        },
        now,
      ),
    ]);
  } catch (e) {
    if (e instanceof GuardFailedError) throw gone();
    throw e;
  }
}
