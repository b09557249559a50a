/**
 * Plain data shared by plan and apply. A plan is data only: it can be shown ("what will change"),
 * counted (the deletion guard) and tested without a network.
 */
export type ObjectType = "User" | "Group";
export type ScimType = "Users" | "Groups";

export const scimTypeOf = (t: ObjectType): ScimType => (t === "User" ? "Users" : "Groups");

export type CycleType = "Initial" | "Incremental" | "OnDemand";
export type CycleStatus = "Running" | "Succeeded" | "Warning" | "Failed" | "Interrupted" | "Quarantined";

export type LogAction = "Create" | "Update" | "Disable" | "Delete" | "StagedDelete" | "Skipped" | "Other";
export type LogStatus = "Success" | "Failure" | "Skipped" | "Warning";
export type StepName = "Import" | "Scope" | "Match" | "Action";
export type Step = { step: StepName; status: "Success" | "Failure" | "Skipped" | "Warning"; detail: string };
export type ModifiedProperty = { name: string; oldValue: unknown; newValue: unknown };

/** Why an object is out of scope (or deprovisioned). */
export type ScopeReason =
  "InScope" | "NotAssigned" | "FilteredOut" | "Disabled" | "SoftDeleted" | "HardDeleted" | "GroupProvisioningOff";

/** What the connector data store remembers about one object. */
export type ConnectorRow = {
  id: string;
  objectType: ObjectType;
  sourceId: string;
  targetId: string | null;
  exported: Record<string, unknown>;
  /** Member source ids last exported (groups); null when unknown (e.g. adopted from the target). */
  members: string[] | null;
  state: "Provisioned" | "Disabled" | "Pending";
  lastStatus: string | null;
  failureCount: number;
};

/**
 * What a reconcile read at the target for a linked object: its values at the mapped paths (and a group's
 * member target ids), or that it is gone (404, or absent from a complete listing and then a GET), or that
 * it could not be read (the plan then compares with the values last exported, as an incremental cycle does).
 */
export type TargetObservation =
  | { state: "found"; values: Record<string, unknown>; members: string[] | null }
  | { state: "missing"; targetId: string }
  | { state: "unreadable"; error: string };

export type PlannedAction = "Create" | "Update" | "Disable" | "Delete" | "Skip" | "Unchanged" | "Forget";

/** One planned operation for one object. */
export type PlannedOperation = {
  objectType: ObjectType;
  sourceId: string;
  /** UPN for users, display name for groups (from the source, or from the last export). */
  identity: string;
  displayName: string | null;
  action: PlannedAction;
  /** Why a Skip / Disable / Delete, in words for the log. */
  reason?: string;
  scope: ScopeReason;
  connector: ConnectorRow | null;
  /** The object is not linked to a target object yet: match it before creating. */
  needsMatch: boolean;
  /** All mapped values (target path -> value) for this operation; members excluded. */
  values: Record<string, unknown>;
  /** Matching attributes in precedence order with the desired values. */
  matchOn: { path: string; value: unknown }[];
  /** Attribute changes against the last export, or against the target's values after a reconcile read. */
  changes: ModifiedProperty[];
  /** A reconcile read the linked target object (initial cycles, the drift report); undefined otherwise. */
  observed?: TargetObservation;
  /** Mapping errors: the object is not sent. */
  errors: { target: string; message: string }[];
  /** The group's members mapping is present (membership is synced). */
  syncMembers?: boolean;
  /**
   * Not this application's object: never linked here and not effectively entitled (an assignment change in
   * another application brought it into the cycle). A cycle writes no log entry for it; on demand does.
   */
  quiet?: boolean;
  steps: Step[];
};

export type CycleCounts = {
  created: number;
  updated: number;
  disabled: number;
  deleted: number;
  skipped: number;
  failed: number;
  staged: number;
};

export const emptyCounts = (): CycleCounts => ({
  created: 0,
  updated: 0,
  disabled: 0,
  deleted: 0,
  skipped: 0,
  failed: 0,
  staged: 0,
});

export type CycleSummary = {
  cycleId: string;
  jobId: string;
  type: CycleType;
  status: CycleStatus;
  total: number;
  processed: number;
  counts: CycleCounts;
  requests: number;
  durationMs: number;
  watermarkFrom: number;
  watermarkTo: number;
  error?: string;
  quarantineReason?: string | null;
};

/** A dry run: what the next cycle would do, without a request to the target. */
export type CyclePlanSummary = {
  jobId: string;
  type: CycleType;
  total: number;
  counts: {
    create: number;
    update: number;
    disable: number;
    delete: number;
    skip: number;
    unchanged: number;
    memberChanges: number;
  };
  /** The deletion guard would hold the disables and deletes. */
  wouldStageDeletes: boolean;
  operations: {
    objectType: ObjectType;
    sourceId: string;
    identity: string;
    action: PlannedAction;
    reason?: string;
    changes: ModifiedProperty[];
  }[];
  /** operations holds at most this many entries (the counts are complete). */
  truncated: boolean;
};
