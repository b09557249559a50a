import { evaluateScopingFilters } from "../../scoping/evaluate-scoping-filters";
import type { JobContext } from "../store/load-job-context";
import { userSourceObject, type UserRow } from "../store/load-source";
import { diffValues, isOutOfScopeReason, mapValues, matchOn, scopeDetail } from "./plan-helpers";
import type { ConnectorRow, PlannedOperation, ScopeReason } from "../sync-types";

export type PlanUserInput = {
  ctx: JobContext;
  sourceId: string;
  /** The directory row; null when the user was permanently deleted. */
  row: UserRow | null;
  /** App roles (not Default Access) from direct and group assignments. */
  roles: string[];
  connector: ConnectorRow | null;
};

/**
 * Plans one user: pure, no I/O. Desired state (mapped values) against the connector data store gives
 * Create, Update (differing attributes only), Disable (active=false through Not([IsSoftDeleted])),
 * Delete, Skip (with a reason) or Unchanged.
 */
export function planUserOperation({ ctx, sourceId, row, roles, connector }: PlanUserInput): PlannedOperation {
  const job = ctx.job;
  const scope = userScope(ctx, row, roles);
  const linked = !!connector?.targetId && connector.state !== "Pending";
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
    steps: [
      row
        ? { step: "Import", status: "Success", detail: `Imported ${row.userPrincipalName} from the source directory` }
        : { step: "Import", status: "Warning", detail: "The user no longer exists in the source directory" },
      { step: "Scope", status: scope === "InScope" ? "Success" : "Skipped", detail: scopeDetail[scope] },
    ],
  };
  const skip = (reason: string): PlannedOperation => ({ ...op, action: "Skip", reason });

  if (!row) {
    // Permanently deleted: delete at the target (when it was ever provisioned and deletes are on).
    if (!connector) return skip("Not provisioned");
    if (!connector.targetId)
      return { ...op, action: "Forget", reason: "Never provisioned; forgetting the pending entry" };
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
      return { ...op, action: "Create" };
    }
    op.changes = diffValues(connector!.exported, op.values);
    if (op.changes.length === 0 && connector!.lastStatus !== "Failure") return { ...op, action: "Unchanged" };
    if (op.changes.length === 0) return { ...op, action: "Unchanged" };
    if (!job.userUpdate) return skip("The Update target object action is off");
    return { ...op, action: "Update" };
  }

  // Deprovisioning: out of scope, unassigned, disabled or soft-deleted.
  if (!connector || (!connector.targetId && connector.state !== "Pending")) {
    return skip(scope === "Disabled" ? "Disabled in the source and not provisioned: not created" : scopeDetail[scope]);
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
  if (ctx.template.capabilities.deprovision === "Delete")
    return { ...op, action: "Delete", reason: scopeDetail[scope] };
  if (connector.state === "Pending") {
    // A create may have reached the target before a crash: match, and disable what is found.
    return { ...op, action: "Disable", reason: scopeDetail[scope] };
  }
  op.changes = diffValues(connector.exported, op.values);
  if (op.changes.length === 0) return { ...op, action: "Unchanged" };
  if (connector.state === "Disabled") {
    if (!job.userUpdate) return skip("The Update target object action is off");
    return { ...op, action: "Update" };
  }
  return { ...op, action: "Disable", reason: scopeDetail[scope] };
}

function userScope(ctx: JobContext, row: UserRow | null, roles: string[]): ScopeReason {
  if (!row) return "HardDeleted";
  if (row.deletedAt) return "SoftDeleted";
  if (ctx.job.scope === "AssignedOnly" && roles.length === 0) return "NotAssigned";
  if (ctx.filters.User.length > 0) {
    const source = userSourceObject(row, roles, !row.accountEnabled);
    if (!evaluateScopingFilters(ctx.filters.User, source)) return "FilteredOut";
  }
  if (!row.accountEnabled) return "Disabled";
  return "InScope";
}

/** A matching attribute mapped only on create: its value must come from a Create evaluation. */
function createOnlyMatching(ctx: JobContext): boolean {
  return ctx.mappings.User.some((m) => m.matchingPrecedence != null && m.applyOn === "CreateOnly");
}
