import { evaluateScopingFilters } from "../../scoping/evaluate-scoping-filters";
import type { JobContext } from "../store/load-job-context";
import { groupSourceObject, type GroupRow } from "../store/load-source";
import {
  baselineOf,
  diffValues,
  GONE_AT_TARGET,
  filteredOutDetail,
  isOutOfScopeReason,
  mapValues,
  matchOn,
  notEntitled,
  scopeDetail,
  scopeOrProblem,
  scopingFailure,
} from "./plan-helpers";
import type { ConnectorRow, PlannedOperation, ScopeReason, TargetObservation } from "../sync-types";

export type PlanGroupInput = {
  ctx: JobContext;
  sourceId: string;
  group: GroupRow | null;
  roles: string[];
  connector: ConnectorRow | null;
  /** What a reconcile read at the target for the linked group (initial cycles, the drift report). */
  observed?: TargetObservation;
};

/**
 * Plans one group's own attributes: pure. Groups are created without members; membership follows as
 * PATCH deltas (planMemberDelta) once the users are provisioned. Groups have no "active": a group out
 * of scope is deleted (when the Delete action is on). After a reconcile read (`observed`) the values are
 * compared with the target's own, and a linked group the target no longer has is created again.
 */
export function planGroupOperation(input: PlanGroupInput): PlannedOperation {
  const { ctx, sourceId, group, roles, connector, observed } = input;
  const job = ctx.job;
  const { scope, detail: scopeText, problem } = scopeOrProblem(() => groupScope(ctx, group, roles));
  const gone = observed?.state === "missing";
  const linked = !!connector?.targetId && connector.state !== "Pending" && !gone;
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
    observed,
    steps: [
      group
        ? {
            step: "Import",
            status: "Success",
            detail: `Imported group ${group.row.displayName} (${group.members.length} members)`,
          }
        : { step: "Import", status: "Warning", detail: "The group no longer exists in the source directory" },
      { step: "Scope", status: scope === "InScope" ? "Success" : "Skipped", detail: scopeText },
    ],
  };
  const skip = (reason: string): PlannedOperation => ({ ...op, action: "Skip", reason });
  if (problem) return scopingFailure(op, linked, problem);

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
      return { ...op, action: "Create", ...(gone ? { reason: GONE_AT_TARGET } : {}) };
    }
    op.changes = diffValues(baselineOf(connector!, observed), op.values);
    if (op.changes.length === 0) return { ...op, action: "Unchanged" };
    if (!job.groupUpdate) return skip("The Update target object action is off");
    return { ...op, action: "Update" };
  }

  if (!connector) return { ...skip(scopeText), quiet: notEntitled(ctx, roles) };
  if ((!connector.targetId && connector.state !== "Pending") || gone)
    return { ...op, action: "Forget", reason: "Never provisioned, or gone from the target" };
  if (isOutOfScopeReason(scope) && job.skipOutOfScopeDeletions)
    return skip('Out of scope; "Skip out of scope deletions" is on');
  if (!job.groupDelete) return skip("The Delete target object action is off");
  if (group) {
    const mapped = mapValues(groupSourceObject(group, roles, true), ctx.mappings.Group, "Create");
    op.matchOn = matchOn(mapped.values, ctx.matching.Group);
  } else if (!connector.targetId) {
    return { ...op, action: "Forget", reason: "Never provisioned" };
  }
  return { ...op, action: "Delete", reason: scopeText };
}

function groupScope(ctx: JobContext, group: GroupRow | null, roles: string[]): { scope: ScopeReason; detail: string } {
  const is = (scope: ScopeReason) => ({ scope, detail: scopeDetail[scope] });
  if (!group) return is("HardDeleted");
  if (group.row.deletedAt) return is("SoftDeleted");
  if (notEntitled(ctx, roles)) return is("NotAssigned");
  const source = groupSourceObject(group, roles, false);
  if (ctx.filters.Group.length > 0 && !evaluateScopingFilters(ctx.filters.Group, source))
    return { scope: "FilteredOut", detail: filteredOutDetail(ctx.filters.Group, source) };
  return is("InScope");
}
