import type { PlannedOperation } from "../sync-types";
import type { ApplyRun, Attempt } from "./apply-run";
import { createTargetObject } from "./create-target-object";
import { deleteTargetObject } from "./delete-target-object";
import { matchTargetObject } from "./match-target-object";
import { recordAppliedOperation } from "./record-applied-operation";
import { recordFailure } from "./record-failure";
import { recordMappingFailure } from "./record-mapping-failure";
import { recordUnsentOperation } from "./record-unsent-operation";
import { updateTargetObject } from "./update-target-object";

/**
 * Applies one planned operation at the target: every per-object decision of a cycle. Mapping errors and
 * operations with nothing to send are recorded at once; the rest is matched (unless linked), created
 * (409 → link), deleted, or updated (404 → re-match, else recreate). A failure is this object's alone,
 * unless the target refused the credentials (CredentialsRejected stops the cycle).
 */
export async function applyOperation(run: ApplyRun, op: PlannedOperation): Promise<void> {
  const started = Date.now();
  if (op.errors.length > 0 && (op.action === "Create" || op.action === "Update" || op.action === "Disable"))
    return recordMappingFailure(run, op, started);
  if (op.action === "Unchanged" || op.action === "Forget" || op.action === "Skip")
    return recordUnsentOperation(run, op, op.action);

  const conn = op.connector;
  // needsMatch on a linked object: a reconcile found it gone from the target.
  const targetId = conn?.targetId && conn.state !== "Pending" && !op.needsMatch ? conn.targetId : null;
  const a: Attempt = {
    op,
    started,
    steps: [...op.steps],
    conn,
    targetId,
    exported: targetId ? (op.observed?.state === "found" ? op.observed.values : conn!.exported) : {},
    changes: op.changes,
    action: op.action,
  };
  try {
    if (!(await matchTargetObject(run, a))) return;
    if (!a.targetId) await createTargetObject(run, a);
    if (a.action === "Delete") return await deleteTargetObject(run, a);
    if (a.action !== "Create") await updateTargetObject(run, a);
    recordAppliedOperation(run, a);
  } catch (e) {
    recordFailure(run, a, e);
  }
}
