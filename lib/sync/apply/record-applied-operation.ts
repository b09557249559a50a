import type { ConnectorRow } from "../sync-types";
import type { ApplyRun, Attempt } from "./apply-run";

/** After a Create, Update or Disable went through (or needed nothing): the connector row and the log. */
export function recordAppliedOperation(run: ApplyRun, a: Attempt): void {
  const { op, conn, targetId, exported, action } = a;
  const { rec } = run;
  const type = op.objectType;
  rec.okOps++;
  const state: ConnectorRow["state"] =
    type === "User" && (op.action === "Disable" || exported.active === false) && op.scope !== "InScope"
      ? "Disabled"
      : "Provisioned";
  // A new group has no members yet; a relinked one's members at the target are unknown.
  const members =
    type === "Group"
      ? op.action === "Create" && action === "Create"
        ? []
        : targetId === conn?.targetId
          ? (conn?.members ?? null)
          : null
      : null;
  rec.writer.upsert({
    objectType: type,
    sourceId: op.sourceId,
    targetId,
    exported,
    members,
    state,
    lastStatus: "Success",
    lastError: null,
    failureCount: 0,
  });
  if (type === "Group" && op.scope === "InScope") run.memberGroups.add(op.sourceId);
  rec.record(op, action, "Success", a.steps, {
    targetId,
    modifiedProperties: a.changes,
    durationMs: Date.now() - a.started,
  });
  rec.objectDone();
}
