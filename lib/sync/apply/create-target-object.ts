import { buildScimResource } from "../../scim/build-scim-resource";
import { isScimError } from "../../scim/scim-error";
import { diffValues } from "../plan/plan-helpers";
import { scimTypeOf } from "../sync-types";
import type { ApplyRun, Attempt } from "./apply-run";

/** POSTs the object; a 409 Conflict means it is already there, so it is matched and linked instead. */
export async function createTargetObject(run: ApplyRun, a: Attempt): Promise<void> {
  const { op, steps } = a;
  const type = op.objectType;
  try {
    const created = await run.client.create(scimTypeOf(type), buildScimResource(type, op.values));
    a.targetId = created.id;
    a.exported = { ...op.values };
    steps.push({ step: "Action", status: "Success", detail: `Created with target id ${a.targetId}` });
    a.changes = Object.entries(op.values).map(([name, newValue]) => ({ name, oldValue: null, newValue }));
    run.rec.counts.created++;
    a.action = "Create";
  } catch (e) {
    if (!(isScimError(e) && e.kind === "conflict")) throw e;
    // Already there (created by someone else, or a retried POST that did land): match and link.
    const m = await run.matchers.get(type)!.query(op.matchOn);
    if (!m.found) throw e;
    steps.push({ step: "Match", status: "Success", detail: `The target answered 409 Conflict; ${m.detail}` });
    a.targetId = m.found.id;
    a.exported = m.found.values;
    a.changes = diffValues(a.exported, op.values);
    a.action = "Update";
  }
}
