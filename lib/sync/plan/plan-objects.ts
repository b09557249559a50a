import type { JobContext } from "../store/load-job-context";
import { loadConnectorRows, loadGroupRows, loadUserRows, type AssignmentScope } from "../store/load-source";
import { planGroupOperation } from "./plan-group-operation";
import { planUserOperation } from "./plan-user-operation";
import type { ObjectType, PlannedOperation } from "../sync-types";

/** Loads a batch of source objects and their connector rows, and plans each (no request to the target). */
export async function planObjects(
  ctx: JobContext,
  scope: AssignmentScope,
  type: ObjectType,
  ids: string[],
): Promise<PlannedOperation[]> {
  const connectors = await loadConnectorRows(ctx.jobId, type, ids);
  if (type === "User") {
    const rows = new Map((await loadUserRows(ids)).map((r) => [r.id, r]));
    return ids.map((id) =>
      planUserOperation({
        ctx,
        sourceId: id,
        row: rows.get(id) ?? null,
        roles: scope.userRoles.get(id) ?? [],
        connector: connectors.get(id) ?? null,
      }),
    );
  }
  const groups = new Map((await loadGroupRows(ids)).map((g) => [g.row.id, g]));
  return ids.map((id) =>
    planGroupOperation({
      ctx,
      sourceId: id,
      group: groups.get(id) ?? null,
      roles: scope.groupRoles.get(id) ?? [],
      connector: connectors.get(id) ?? null,
    }),
  );
}
