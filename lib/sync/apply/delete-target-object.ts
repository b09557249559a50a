import { isScimError } from "../../scim/scim-error";
import { scimTypeOf } from "../sync-types";
import type { ApplyRun, Attempt } from "./apply-run";

/** DELETEs the linked target object (a 404 means it is gone already) and forgets the link. */
export async function deleteTargetObject(run: ApplyRun, a: Attempt): Promise<void> {
  const { op, steps } = a;
  const { rec } = run;
  const targetId = a.targetId!; // linked or matched: an unmatched Delete finished in matchTargetObject
  try {
    await run.client.delete(scimTypeOf(op.objectType), targetId);
  } catch (e) {
    if (!(isScimError(e) && e.kind === "notFound")) throw e;
  }
  steps.push({
    step: "Action",
    status: "Success",
    detail: `Deleted target id ${targetId}${op.reason ? ` (${op.reason})` : ""}`,
  });
  rec.counts.deleted++;
  rec.okOps++;
  rec.writer.forget(op.objectType, op.sourceId);
  rec.record(op, "Delete", "Success", steps, { targetId, durationMs: Date.now() - a.started });
  rec.objectDone();
}
