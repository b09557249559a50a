import { evaluateMappings, type MappingDef } from "../../mapping/evaluate-mappings";
import type { SourceObject } from "../../mapping/source-object";
import { valuesEqual } from "../../scim/build-patch-ops";
import { explainScopingFilters } from "../../scoping/evaluate-scoping-filters";
import { ScopingEvaluationError } from "../../scoping/scoping-regex";
import type { JobContext, MappingRow, ScopingFilterData } from "../store/load-job-context";
import type { ConnectorRow, ModifiedProperty, PlannedOperation, ScopeReason, TargetObservation } from "../sync-types";

export function mapValues(source: SourceObject, mappings: MappingRow[], operation: "Create" | "Update") {
  const result = evaluateMappings({ source, mappings: mappings as MappingDef[], operation });
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result.values)) if (v !== undefined) values[k] = v;
  return { values, errors: result.errors };
}

/** The attributes whose desired value differs from the last export (only those are sent). */
export function diffValues(exported: Record<string, unknown>, desired: Record<string, unknown>): ModifiedProperty[] {
  const changes: ModifiedProperty[] = [];
  for (const name of Object.keys(desired)) {
    const oldValue = exported[name];
    const newValue = desired[name];
    if (!valuesEqual(oldValue, newValue))
      changes.push({ name, oldValue: oldValue ?? null, newValue: newValue ?? null });
  }
  return changes;
}

export function matchOn(values: Record<string, unknown>, paths: string[]) {
  return paths
    .map((path) => ({ path, value: values[path] }))
    .filter((m) => m.value !== undefined && m.value !== null && m.value !== "");
}

export const scopeDetail: Record<ScopeReason, string> = {
  InScope: "In scope",
  NotAssigned: "Out of scope: not effectively entitled (not assigned to the application, or only with Default Access)",
  FilteredOut: "Out of scope: does not meet the scoping filters",
  Disabled: "Disabled in the source directory (accountEnabled is false)",
  SoftDeleted: "Deleted in the source directory (soft delete)",
  HardDeleted: "Permanently deleted from the source directory",
  GroupProvisioningOff: "Group provisioning is off",
};

/** What the desired values are compared with: the target's own values when a reconcile read them. */
export function baselineOf(connector: ConnectorRow, observed: TargetObservation | undefined): Record<string, unknown> {
  return observed?.state === "found" ? observed.values : connector.exported;
}

/** The object was linked, but the target no longer has it (deleted there): it is created again. */
export const GONE_AT_TARGET = "Deleted at the target: created again";

/** Assigned-only scope and no app role (not assigned, or only with Default Access): not effectively entitled. */
export function notEntitled(ctx: JobContext, roles: string[]): boolean {
  return ctx.job.scope === "AssignedOnly" && roles.length === 0;
}

/** "Out of scope: filter 1: clause 2 (department EQUALS "Sales") is false because department is "Legal"." */
export function filteredOutDetail(filters: ScopingFilterData[], source: SourceObject): string {
  return explainScopingFilters(filters, source).summary;
}

/** Out-of-scope reasons that "skip out-of-scope deletions" protects (not disables or source deletions). */
export function isOutOfScopeReason(r: ScopeReason): boolean {
  return r === "NotAssigned" || r === "FilteredOut";
}

/** The `target` of a planned operation's error that comes from the scoping filters, not a mapping. */
export const SCOPING_ERROR_TARGET = "Scoping filters";

/** The object's scope, or why its scoping filters cannot be evaluated (a regex on a value too long to match). */
export function scopeOrProblem(decide: () => { scope: ScopeReason; detail: string }): {
  scope: ScopeReason;
  detail: string;
  problem: string | null;
} {
  try {
    return { ...decide(), problem: null };
  } catch (e) {
    if (e instanceof ScopingEvaluationError) return { scope: "InScope", detail: "", problem: e.message };
    throw e;
  }
}

/**
 * An object whose scope cannot be told is neither sent nor deprovisioned: it fails, with the reason in its log
 * entry (the cycle's error path for operations with errors), and is retried next cycle.
 */
export function scopingFailure(op: PlannedOperation, linked: boolean, problem: string): PlannedOperation {
  return {
    ...op,
    action: linked ? "Update" : "Create",
    errors: [{ target: SCOPING_ERROR_TARGET, message: problem }],
    steps: [
      op.steps[0],
      { step: "Scope", status: "Failure", detail: `The scoping filters could not be evaluated: ${problem}` },
    ],
  };
}
