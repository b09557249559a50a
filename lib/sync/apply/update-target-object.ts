import { buildPatchOps } from "../../scim/build-patch-ops";
import { buildScimResource } from "../../scim/build-scim-resource";
import { isScimError } from "../../scim/scim-error";
import { diffValues } from "../plan/plan-helpers";
import { scimTypeOf, type ModifiedProperty } from "../sync-types";
import type { ApplyRun, Attempt } from "./apply-run";

/**
 * Update or Disable a linked object: only the attributes that differ, and only when the job's Update
 * target object action allows it (a user's Disable is always sent). Nothing to send is logged as Other.
 */
export async function updateTargetObject(run: ApplyRun, a: Attempt): Promise<void> {
  const { op, steps } = a;
  const changes = a.changes;
  if (changes.length === 0) {
    steps.push({
      step: "Action",
      status: "Success",
      detail: "Linked to the existing target object; it is already up to date",
    });
    a.action = "Other";
    return;
  }
  const job = run.ctx.job;
  const sendUpdate = op.objectType === "User" ? job.userUpdate || a.action === "Disable" : job.groupUpdate;
  if (!sendUpdate) {
    steps.push({ step: "Action", status: "Skipped", detail: "Linked; the Update target object action is off" });
    a.action = "Other";
    return;
  }
  a.targetId = await sendChanges(run, a);
  a.exported = { ...a.exported, ...Object.fromEntries(changes.map((c) => [c.name, c.newValue])) };
  steps.push({
    step: "Action",
    status: "Success",
    detail: `${a.action === "Disable" ? "Disabled" : "Updated"} ${changes.length} attribute${changes.length === 1 ? "" : "s"}: ${changes.map((c) => c.name).join(", ")}`,
  });
  if (a.action === "Disable") run.rec.counts.disabled++;
  else run.rec.counts.updated++;
}

/** PATCH (or PUT) the differing attributes; a 404 re-matches, then recreates. Returns the target id. */
async function sendChanges(run: ApplyRun, a: Attempt): Promise<string> {
  const { op } = a;
  const targetId = a.targetId!; // linked, matched or created before an update
  const full = { ...a.exported, ...op.values };
  delete full.members;
  try {
    await sendPatch(run, { op, targetId, changes: a.changes, full });
    return targetId;
  } catch (e) {
    if (!(isScimError(e) && e.kind === "notFound")) throw e;
  }
  // The object is gone at the target: match again, else create it anew.
  const m = await run.matchers.get(op.objectType)!.query(op.matchOn);
  a.steps.push({
    step: "Match",
    status: m.found ? "Success" : "Warning",
    detail: `Target id ${targetId} no longer exists; ${m.detail}`,
  });
  if (m.found) {
    const again = diffValues(m.found.values, full);
    if (again.length > 0) await sendPatch(run, { op, targetId: m.found.id, changes: again, full });
    return m.found.id;
  }
  const created = await run.client.create(scimTypeOf(op.objectType), buildScimResource(op.objectType, full));
  a.steps.push({ step: "Action", status: "Success", detail: `Recreated with target id ${created.id}` });
  return created.id;
}

/** Users go through update() (PATCH, or PUT of the full body where PATCH is refused); groups are patched. */
async function sendPatch(
  run: ApplyRun,
  {
    op,
    targetId,
    changes,
    full,
  }: { op: Attempt["op"]; targetId: string; changes: ModifiedProperty[]; full: Record<string, unknown> },
): Promise<void> {
  const previous: Record<string, unknown> = {};
  const next: Record<string, unknown> = {};
  for (const c of changes) {
    previous[c.name] = c.oldValue;
    next[c.name] = c.newValue;
  }
  const ops = buildPatchOps(previous, next);
  const scimType = scimTypeOf(op.objectType);
  if (op.objectType === "User")
    await run.client.update(scimType, targetId, { ops, fullBody: buildScimResource(op.objectType, full) });
  else await run.client.patch(scimType, targetId, ops);
}
