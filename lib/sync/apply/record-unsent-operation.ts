import { diffValues } from "../plan/plan-helpers";
import type { PlannedOperation } from "../sync-types";
import type { ApplyRun } from "./apply-run";
import { connectorUpsert } from "./connector-upsert";

/**
 * Operations that send nothing: Unchanged (already up to date), Forget, Skip. A cycle's skip of an object that
 * is not this application's (never linked, not entitled) is neither logged nor counted.
 */
export function recordUnsentOperation(
  run: ApplyRun,
  op: PlannedOperation,
  action: "Unchanged" | "Forget" | "Skip",
): void {
  const { rec } = run;
  const type = op.objectType;
  const steps = [...op.steps];
  const conn = op.connector;
  switch (action) {
    case "Unchanged": {
      // Up to date at the target (a reconcile read it) while the values last exported say otherwise: remember
      // what the target holds, so the next incremental cycle does not send it again.
      const stale = op.observed?.state === "found" && conn && diffValues(conn.exported, op.values).length > 0;
      if (conn && (stale || (conn.lastStatus && conn.lastStatus !== "Success")))
        rec.writer.upsert({
          ...connectorUpsert(conn),
          exported: stale ? { ...conn.exported, ...op.values } : conn.exported,
          lastStatus: "Success",
          lastError: null,
          failureCount: 0,
        });
      if (type === "Group" && op.scope === "InScope") run.memberGroups.add(op.sourceId);
      rec.outcome(
        op,
        "Unchanged",
        "Unchanged",
        [
          ...steps,
          { step: "Match", status: "Success", detail: `Linked to target id ${conn?.targetId}` },
          { step: "Action", status: "Skipped", detail: "Already up to date: nothing to send" },
        ],
        conn?.targetId ?? null,
      );
      return rec.objectDone();
    }
    case "Forget": {
      rec.writer.forget(type, op.sourceId);
      return rec.objectDone();
    }
    case "Skip": {
      if (!(op.quiet && run.quietSkips)) {
        rec.counts.skipped++;
        steps.push({ step: "Action", status: "Skipped", detail: op.reason ?? "Skipped" });
        rec.record(op, "Skipped", "Skipped", steps, { durationMs: 0 });
      }
      // Not retried again: it is skipped for a reason, not failing.
      if (conn && (conn.lastStatus === "Failure" || conn.lastStatus === "Staged"))
        rec.writer.upsert({ ...connectorUpsert(conn), lastStatus: null, lastError: null });
      return rec.objectDone();
    }
  }
}
