import type { PlannedOperation, Step } from "../sync-types";
import type { ApplyRun } from "./apply-run";
import { connectorUpsert } from "./connector-upsert";

/** The deletion guard holds this Disable or Delete: logged as StagedDelete, nothing is sent. */
export function recordStagedDelete(run: ApplyRun, op: PlannedOperation, held: number): void {
  const { rec } = run;
  const threshold = run.ctx.job.deletionThreshold;
  rec.stagedDeletes++;
  rec.counts.staged++;
  rec.processed++;
  const steps: Step[] = [
    ...op.steps,
    {
      step: "Match",
      status: "Skipped",
      detail: op.connector?.targetId ? `Linked to target id ${op.connector.targetId}` : "Not linked",
    },
    {
      step: "Action",
      status: "Warning",
      detail: `${op.action} held: this cycle would disable or delete ${held} objects, above the accidental deletion threshold of ${threshold}. Allow deletes to apply them.`,
    },
  ];
  rec.record(op, "StagedDelete", "Warning", steps, { errorCode: "TooManyDeletes" });
  if (op.connector) rec.writer.upsert({ ...connectorUpsert(op.connector), lastStatus: "Staged" });
}
