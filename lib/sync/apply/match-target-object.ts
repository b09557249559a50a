import { diffValues } from "../plan/plan-helpers";
import type { ApplyRun, Attempt } from "./apply-run";

/** What a reconcile read tells about a linked object, for its Match step. */
function readDetail(op: Attempt["op"]): string {
  const o = op.observed;
  if (!o) return "";
  if (o.state === "found") return "; compared with its current values at the target";
  if (o.state === "unreadable")
    return `; it could not be read from the target (${o.error}), so it was compared with the values last exported`;
  return "";
}

/**
 * Links the attempt to its target object: the linked one, else one found by the matching attributes
 * (never linked, or cut off by a crash before the target answered). Returns false when the object is
 * finished here: a Disable or Delete of an object that never reached the target has nothing to do.
 */
export async function matchTargetObject(run: ApplyRun, a: Attempt): Promise<boolean> {
  const { op, steps } = a;
  if (a.targetId) {
    steps.push({ step: "Match", status: "Success", detail: `Linked to target id ${a.targetId}${readDetail(op)}` });
    return true;
  }
  const matcher = run.matchers.get(op.objectType)!;
  const gone = op.observed?.state === "missing" ? op.observed.targetId : null;
  // Gone from the target: the listing (if any) did not hold it under its old id, so ask by query.
  const m = !matcher
    ? { found: null, detail: "Not matched" }
    : gone
      ? await matcher.query(op.matchOn)
      : await matcher.match(op.matchOn);
  steps.push({
    step: "Match",
    status: m.found ? "Success" : gone ? "Warning" : "Skipped",
    detail: gone ? `Target id ${gone} is gone from the target; ${m.detail}` : m.detail,
  });
  if (m.found) {
    a.targetId = m.found.id;
    a.exported = m.found.values;
    a.changes = diffValues(a.exported, op.values);
    if (op.action === "Create") a.action = "Update";
    return true;
  }
  if (op.action === "Create") return true;
  // Out of scope and never reached the target: nothing to deprovision.
  run.rec.writer.forget(op.objectType, op.sourceId);
  run.rec.counts.skipped++;
  steps.push({ step: "Action", status: "Skipped", detail: "Not at the target: nothing to disable or delete" });
  run.rec.record(op, "Skipped", "Skipped", steps, { durationMs: Date.now() - a.started });
  run.rec.objectDone();
  return false;
}
