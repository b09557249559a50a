import { evaluateMappings, type MappingDef } from "../../mapping/evaluate-mappings";
import type { SourceObject } from "../../mapping/source-object";
import { valuesEqual } from "../../scim/build-patch-ops";
import type { MappingRow } from "../store/load-job-context";
import type { ModifiedProperty, ScopeReason } from "../sync-types";

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

/** Out-of-scope reasons that "skip out-of-scope deletions" protects (not disables or source deletions). */
export function isOutOfScopeReason(r: ScopeReason): boolean {
  return r === "NotAssigned" || r === "FilteredOut";
}
