import { evaluateScopingFilters } from "../../scoping/evaluate-scoping-filters";
import type { JobContext } from "../store/load-job-context";
import { userSourceObject, type UserRow } from "../store/load-source";
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

export type PlanUserInput = {
  ctx: JobContext;
  sourceId: string;
  /** The directory row; null when the user was permanently deleted. */
  row: UserRow | null;
  /** App roles (not Default Access) from direct and group assignments. */
  roles: string[];
  connector: ConnectorRow | null;
  /** What a reconcile read at the target for the linked object (initial cycles, the drift report). */
  observed?: TargetObservation;
};

/**
 * Plans one user: pure, no I/O. Desired state (mapped values) against the connector data store gives
 * Create, Update (differing attributes only), Disable (active=false through Not([IsSoftDeleted])),
 * Delete, Skip (with a reason) or Unchanged. After a reconcile read (`observed`) the values are compared
 * with the target's own, and a linked user the target no longer has is matched again, else created.
 */
export function planUserOperation(input: PlanUserInput): PlannedOperation {
  const { ctx, sourceId, row, roles, connector, observed } = input;
  const job = ctx.job;
  const { scope, detail: scopeText, problem } = scopeOrProblem(() => userScope(ctx, row, roles));
  const gone = observed?.state === "missing";
  const linked = !!connector?.targetId && connector.state !== "Pending" && !gone;
  const identity =
    row?.userPrincipalName ?? String(connector?.exported[ctx.matching.User[0] ?? "userName"] ?? sourceId);
  const op: PlannedOperation = {
    objectType: "User",
    sourceId,
    identity,
    displayName: row?.displayName ?? (connector?.exported.displayName as string | undefined) ?? null,
    action: "Skip",
    scope,
    connector,
    needsMatch: !linked,
    values: {},
    matchOn: [],
    changes: [],
    errors: [],
    observed,
    steps: [
      row
        ? { step: "Import", status: "Success", detail: `Imported ${row.userPrincipalName} from the source directory` }
        : { step: "Import", status: "Warning", detail: "The user no longer exists in the source directory" },
      { step: "Scope", status: scope === "InScope" ? "Success" : "Skipped", detail: scopeText },
    ],
  };
  const skip = (reason: string): PlannedOperation => ({ ...op, action: "Skip", reason });
  if (problem) return scopingFailure(op, linked, problem);

  if (!row) {
    // Permanently deleted: delete at the target (when it was ever provisioned and deletes are on).
    if (!connector) return skip("Not provisioned");
    if (!connector.targetId || gone)
      return { ...op, action: "Forget", reason: "Never provisioned, or gone from the target; forgetting the entry" };
    if (!job.userDelete) return skip("The Delete target object action is off");
    return { ...op, action: "Delete", needsMatch: false, reason: scopeDetail.HardDeleted };
  }

  const isSoftDeleted = scope !== "InScope";
  const source = userSourceObject(row, roles, isSoftDeleted);

  if (!isSoftDeleted) {
    const mapped = mapValues(source, ctx.mappings.User, linked ? "Update" : "Create");
    op.values = mapped.values;
    op.errors = mapped.errors;
    op.matchOn = matchOn(
      linked && createOnlyMatching(ctx) ? mapValues(source, ctx.mappings.User, "Create").values : mapped.values,
      ctx.matching.User,
    );
    if (!linked) {
      if (!job.userCreate) return skip("The Create target object action is off");
      return { ...op, action: "Create", ...(gone ? { reason: GONE_AT_TARGET } : {}) };
    }
    op.changes = diffValues(baselineOf(connector!, observed), op.values);
    if (op.changes.length === 0) return { ...op, action: "Unchanged" };
    if (!job.userUpdate) return skip("The Update target object action is off");
    return { ...op, action: "Update" };
  }

  // Deprovisioning: out of scope, unassigned, disabled or soft-deleted.
  if (!connector || (!connector.targetId && connector.state !== "Pending")) {
    const skipped = skip(scope === "Disabled" ? "Disabled in the source and not provisioned: not created" : scopeText);
    return { ...skipped, quiet: notEntitled(ctx, roles) };
  }
  if (isOutOfScopeReason(scope) && job.skipOutOfScopeDeletions)
    return skip('Out of scope; "Skip out of scope deletions" is on');
  if (!job.userDelete) return skip("The Delete target object action is off");
  const mapped = mapValues(source, ctx.mappings.User, "Update");
  op.values = mapped.values;
  op.errors = mapped.errors;
  op.matchOn = matchOn(
    createOnlyMatching(ctx) ? mapValues(source, ctx.mappings.User, "Create").values : mapped.values,
    ctx.matching.User,
  );
  if (ctx.template.capabilities.deprovision === "Delete") return { ...op, action: "Delete", reason: scopeText };
  if (connector.state === "Pending" || gone) {
    // A create may have reached the target before a crash, or the linked user is gone from the target:
    // match, and disable what is found (nothing found: nothing to disable).
    return { ...op, action: "Disable", reason: scopeText };
  }
  op.changes = diffValues(baselineOf(connector, observed), op.values);
  if (op.changes.length === 0) return { ...op, action: "Unchanged" };
  if (connector.state === "Disabled") {
    if (!job.userUpdate) return skip("The Update target object action is off");
    return { ...op, action: "Update" };
  }
  return { ...op, action: "Disable", reason: scopeText };
}

/** The user's scope, and the words for it (for a scoping filter: which clause was false). */
export function userScope(
  ctx: JobContext,
  row: UserRow | null,
  roles: string[],
): { scope: ScopeReason; detail: string } {
  const is = (scope: ScopeReason) => ({ scope, detail: scopeDetail[scope] });
  if (!row) return is("HardDeleted");
  if (row.deletedAt) return is("SoftDeleted");
  if (notEntitled(ctx, roles)) return is("NotAssigned");
  if (ctx.filters.User.length > 0) {
    const source = userSourceObject(row, roles, !row.accountEnabled);
    if (!evaluateScopingFilters(ctx.filters.User, source))
      return { scope: "FilteredOut", detail: filteredOutDetail(ctx.filters.User, source) };
  }
  if (!row.accountEnabled) return is("Disabled");
  return is("InScope");
}

/** A matching attribute mapped only on create: its value must come from a Create evaluation. */
function createOnlyMatching(ctx: JobContext): boolean {
  return ctx.mappings.User.some((m) => m.matchingPrecedence != null && m.applyOn === "CreateOnly");
}
