import type { JobContext } from "../store/load-job-context";
import { loadConnectorRows, loadGroupRows, loadUserRows, type AssignmentScope } from "../store/load-source";
import { planGroupOperation } from "./plan-group-operation";
import { planUserOperation } from "./plan-user-operation";
import type { ConnectorRow, ObjectType, PlannedOperation, TargetObservation } from "../sync-types";

/** Reads the target's state of linked objects by target id (a reconcile); the plan compares with it. */
export type ObserveTarget = (targetIds: string[]) => Promise<Map<string, TargetObservation>>;

/**
 * Loads a batch of source objects and their connector rows, and plans each (no request to the target).
 * With `observe` (a reconcile), the linked objects are compared with what the target holds instead of
 * with the values last exported; the read itself is the caller's (apply/), so the plan stays data.
 */
export async function planObjects(opts: {
  ctx: JobContext;
  scope: AssignmentScope;
  type: ObjectType;
  ids: string[];
  observe?: ObserveTarget;
}): Promise<PlannedOperation[]> {
  const { ctx, scope, type, ids, observe } = opts;
  const connectors = await loadConnectorRows(ctx.jobId, type, ids);
  const observed = observe ? await observe(linkedTargetIds(connectors)) : new Map<string, TargetObservation>();
  const observation = (c: ConnectorRow | null) => (c?.targetId ? observed.get(c.targetId) : undefined);
  if (type === "User") {
    const rows = new Map((await loadUserRows(ids)).map((r) => [r.id, r]));
    return ids.map((id) => {
      const connector = connectors.get(id) ?? null;
      return planUserOperation({
        ctx,
        sourceId: id,
        row: rows.get(id) ?? null,
        roles: scope.userRoles.get(id) ?? [],
        connector,
        observed: observation(connector),
      });
    });
  }
  const groups = new Map((await loadGroupRows(ids)).map((g) => [g.row.id, g]));
  return ids.map((id) => {
    const connector = connectors.get(id) ?? null;
    return planGroupOperation({
      ctx,
      sourceId: id,
      group: groups.get(id) ?? null,
      roles: scope.groupRoles.get(id) ?? [],
      connector,
      observed: observation(connector),
    });
  });
}

function linkedTargetIds(connectors: Map<string, ConnectorRow>): string[] {
  const ids: string[] = [];
  for (const c of connectors.values()) if (c.targetId && c.state !== "Pending") ids.push(c.targetId);
  return ids;
}
