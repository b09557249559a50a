import { SCOPING_ERROR_TARGET } from "../plan/plan-helpers";
import type { PlannedOperation } from "../sync-types";
import type { ApplyRun } from "./apply-run";
import { connectorUpsert, emptyConnector } from "./connector-upsert";

/** Mappings that could not be evaluated: nothing is sent, and the object counts as failed. */
export function recordMappingFailure(run: ApplyRun, op: PlannedOperation, started: number): void {
  const { rec } = run;
  const conn = op.connector;
  const detail = op.errors.map((e) => `${e.target}: ${e.message}`).join("; ");
  // A regex in the scoping filters that could not be evaluated fails the object the same way.
  const scoping = op.errors.every((e) => e.target === SCOPING_ERROR_TARGET);
  const steps = [...op.steps];
  steps.push({
    step: "Action",
    status: "Failure",
    detail: scoping ? `Not sent: ${detail}` : `Not sent: the mappings could not be evaluated (${detail})`,
  });
  rec.counts.failed++;
  rec.otherFailures++;
  rec.record(op, op.action === "Disable" ? "Disable" : op.action === "Update" ? "Update" : "Create", "Failure", steps, {
    errorCode: scoping ? "ScopingError" : "MappingError",
    errorDetail: detail,
    durationMs: Date.now() - started,
  });
  rec.writer.upsert({
    ...connectorUpsert(conn ?? emptyConnector(op)),
    lastStatus: "Failure",
    lastError: detail,
    failureCount: (conn?.failureCount ?? 0) + 1,
  });
  rec.objectDone();
}
