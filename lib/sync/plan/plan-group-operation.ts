import { evaluateScopingFilters } from "../../scoping/evaluate-scoping-filters";
import type { JobContext } from "../store/load-job-context";
import { groupSourceObject, type GroupRow } from "../store/load-source";
import { diffValues, isOutOfScopeReason, mapValues, matchOn, scopeDetail } from "./plan-helpers";
import type { ConnectorRow, PlannedOperation, ScopeReason } from "../sync-types";

export type PlanGroupInput = {
  ctx: JobContext;
  sourceId: string;
  group: GroupRow | null;
  roles: string[];
  connector: ConnectorRow | null;
};

/**
 * Plans one group's own attributes: pure. Groups are created without members; membership follows as
 * PATCH deltas (planMemberDelta) once the users are provisioned. Groups have no "active": a group out
 * of scope is deleted (when the Delete action is on).
 */
export function planGroupOperation({ ctx, sourceId, group, roles, connector }: PlanGroupInput): PlannedOperation {
  const job = ctx.job;
  const scope = groupScope(ctx, group, roles);
  const linked = !!connector?.targetId && connector.state !== "Pending";
  const identity =
    group?.row.displayName ?? String(connector?.exported[ctx.matching.Group[0] ?? "displayName"] ?? sourceId);
  const op: PlannedOperation = {
    objectType: "Group",
    sourceId,
    identity,
    displayName: group?.row.displayName ?? null,
    action: "Skip",
    scope,
    connector,
    needsMatch: !linked,
    values: {},
    matchOn: [],
    changes: [],
    errors: [],
    syncMembers: ctx.syncMembers,
    steps: [
      group
        ? {
            step: "Import",
            status: "Success",
            detail: `Imported group ${group.row.displayName} (${group.members.length} members)`,
          }
        : { step: "Import", status: "Warning", detail: "The group no longer exists in the source directory" },
      { step: "Scope", status: scope === "InScope" ? "Success" : "Skipped", detail: scopeDetail[scope] },
    ],
  };
  const skip = (reason: string): PlannedOperation => ({ ...op, action: "Skip", reason });

  if (scope === "InScope" && group) {
    const source = groupSourceObject(group, roles, false);
    const mapped = mapValues(source, ctx.mappings.Group, linked ? "Update" : "Create");
    delete mapped.values.members;
    op.values = mapped.values;
    op.errors = mapped.errors;
    const forMatch = mapValues(source, ctx.mappings.Group, "Create").values;
    op.matchOn = matchOn(forMatch, ctx.matching.Group);
    if (!linked) {
      if (!job.groupCreate) return skip("The Create target object action is off");
      return { ...op, action: "Create" };
    }
    op.changes = diffValues(connector!.exported, op.values);
    if (op.changes.length === 0) return { ...op, action: "Unchanged" };
    if (!job.groupUpdate) return skip("The Update target object action is off");
    return { ...op, action: "Update" };
  }

  if (!connector) return skip(scopeDetail[scope]);
  if (!connector.targetId && connector.state !== "Pending")
    return { ...op, action: "Forget", reason: "Never provisioned" };
  if (isOutOfScopeReason(scope) && job.skipOutOfScopeDeletions)
    return skip('Out of scope; "Skip out of scope deletions" is on');
  if (!job.groupDelete) return skip("The Delete target object action is off");
  if (group) {
    const mapped = mapValues(groupSourceObject(group, roles, true), ctx.mappings.Group, "Create");
    op.matchOn = matchOn(mapped.values, ctx.matching.Group);
  } else if (!connector.targetId) {
    return { ...op, action: "Forget", reason: "Never provisioned" };
  }
  return { ...op, action: "Delete", reason: scopeDetail[scope] };
}

function groupScope(ctx: JobContext, group: GroupRow | null, roles: string[]): ScopeReason {
  if (!group) return "HardDeleted";
  if (group.row.deletedAt) return "SoftDeleted";
  if (ctx.job.scope === "AssignedOnly" && roles.length === 0) return "NotAssigned";
  if (
    ctx.filters.Group.length > 0 &&
    !evaluateScopingFilters(ctx.filters.Group, groupSourceObject(group, roles, false))
  )
    return "FilteredOut";
  return "InScope";
}
