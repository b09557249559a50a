import { isScimError, type ScimError } from "../../scim/scim-error";
import type { ResultWriter } from "../store/result-writer";
import {
  emptyCounts,
  type CycleCounts,
  type LogAction,
  type LogStatus,
  type ModifiedProperty,
  type ObjectType,
  type PlannedOperation,
  type Step,
} from "../sync-types";
import { CredentialsRejected, isCredentialsRefusal } from "./credentials-rejected";

/** What happened to one object: kept for on-demand answers. */
export type ObjectOutcome = {
  objectType: ObjectType;
  sourceId: string;
  identity: string;
  action: LogAction | "Unchanged";
  status: LogStatus | "Unchanged";
  steps: Step[];
  targetId: string | null;
  error?: string;
  /** The group membership step (after the group's own operation). */
  membership?: boolean;
  /** The attributes sent (or that would have been), with the value before and after. */
  modifiedProperties?: ModifiedProperty[];
};

type LogEntry = {
  objectType: ObjectType;
  sourceId: string;
  targetId: string | null;
  displayName?: string | null;
  identity: string;
  action: LogAction;
  status: LogStatus;
  steps: Step[];
  modifiedProperties?: PlannedOperation["changes"] | null;
  errorCode?: string | null;
  errorDetail?: string | null;
  durationMs?: number | null;
};

/**
 * A cycle's bookkeeping, shared by the apply handlers: the counts, the request tallies the quarantine
 * decision reads, the credentials refusal that stops the cycle, on-demand outcomes, and the log entries
 * and connector rows it hands to the result writer.
 */
export class CycleRecorder {
  readonly counts: CycleCounts = emptyCounts();
  processed = 0;
  /** Requests that succeeded / failed transiently / failed otherwise (for "the target keeps failing"). */
  okOps = 0;
  transientFailures = 0;
  otherFailures = 0;
  credentialsError: ScimError | null = null;
  stagedDeletes = 0;
  readonly outcomes: ObjectOutcome[] = [];
  keepOutcomes = false;

  constructor(
    readonly writer: ResultWriter,
    private readonly abort: AbortController,
    private readonly onProgress?: () => void,
  ) {}

  /** One more object is finished (whatever its outcome). */
  objectDone(): void {
    this.processed++;
    this.progress();
  }

  progress(): void {
    this.onProgress?.();
  }

  /**
   * A request outside one object's apply (a listing, a reconcile read) failed: a refused credential stops
   * the cycle as one object's would (the job is quarantined), and the refusal is returned to throw.
   */
  refusal(e: unknown): CredentialsRejected | null {
    if (e instanceof CredentialsRejected) return e;
    if (!isCredentialsRefusal(e)) return null;
    this.classify(e);
    return new CredentialsRejected(e);
  }

  /** The log code and message of a failure; a refused credential stops the whole cycle. */
  classify(e: unknown): { code: string; message: string } {
    if (isScimError(e)) {
      if (e.kind === "unauthorized" || e.kind === "forbidden") {
        if (!this.credentialsError) {
          this.credentialsError = e;
          this.abort.abort(new CredentialsRejected(e));
        }
      } else if (e.kind === "transient" || e.kind === "rateLimited") this.transientFailures++;
      else this.otherFailures++;
      const code = `Scim${e.kind[0].toUpperCase()}${e.kind.slice(1)}`;
      const detail = e.detail && !e.message.includes(e.detail) ? ` (${e.detail})` : "";
      return { code: e.status ? `${code}${e.status}` : code, message: `${e.message}${detail}` };
    }
    if (e instanceof CredentialsRejected) return { code: "ScimUnauthorized", message: e.message };
    this.otherFailures++;
    return { code: "InternalError", message: e instanceof Error ? e.message : String(e) };
  }

  /** A log entry for a planned operation, and its outcome when they are kept. */
  record(
    op: PlannedOperation,
    action: LogAction,
    status: LogStatus,
    steps: Step[],
    extra: {
      targetId?: string | null;
      modifiedProperties?: PlannedOperation["changes"];
      errorCode?: string;
      errorDetail?: string;
      durationMs?: number;
    } = {},
  ): void {
    this.recordRaw({
      objectType: op.objectType,
      sourceId: op.sourceId,
      targetId: extra.targetId ?? op.connector?.targetId ?? null,
      displayName: op.displayName,
      identity: op.identity,
      action,
      status,
      steps,
      modifiedProperties:
        extra.modifiedProperties && extra.modifiedProperties.length > 0 ? extra.modifiedProperties : null,
      errorCode: extra.errorCode ?? null,
      errorDetail: extra.errorDetail ?? null,
      durationMs: extra.durationMs ?? null,
    });
    const targetId = extra.targetId ?? op.connector?.targetId ?? null;
    this.outcome(op, action, status, steps, targetId, extra.errorDetail, extra.modifiedProperties);
  }

  recordRaw(row: LogEntry): void {
    this.writer.log({
      objectType: row.objectType,
      sourceId: row.sourceId,
      targetId: row.targetId,
      displayName: row.displayName ?? null,
      identity: row.identity,
      action: row.action,
      status: row.status,
      steps: row.steps,
      modifiedProperties: row.modifiedProperties ?? null,
      errorCode: row.errorCode ?? null,
      errorDetail: row.errorDetail ?? null,
      durationMs: row.durationMs ?? null,
    });
  }

  outcome(
    op: PlannedOperation,
    action: ObjectOutcome["action"],
    status: ObjectOutcome["status"],
    steps: Step[],
    targetId: string | null,
    error?: string,
    modifiedProperties?: ModifiedProperty[],
  ): void {
    if (!this.keepOutcomes) return;
    this.outcomes.push({
      objectType: op.objectType,
      sourceId: op.sourceId,
      identity: op.identity,
      action,
      status,
      steps,
      targetId,
      error,
      ...(modifiedProperties?.length ? { modifiedProperties } : {}),
    });
  }
}
