import { buildMemberPatchOps } from "../../scim/build-patch-ops";
import type { MemberUpdate } from "../plan/plan-member-updates";
import type { ConnectorRow, ModifiedProperty, Step } from "../sync-types";
import type { ApplyRun } from "./apply-run";
import { connectorUpsert } from "./connector-upsert";

/**
 * PATCHes one group's member additions and removals (batched into as few requests as the target takes),
 * then records the members now exported, or the failure.
 */
export async function updateGroupMembers(
  run: ApplyRun,
  update: MemberUpdate,
  userLinks: Map<string, ConnectorRow>,
): Promise<void> {
  const { groupId, conn, desired, delta } = update;
  const started = Date.now();
  const toTarget = (ids: string[]) => ids.map((id) => userLinks.get(id)?.targetId).filter((t): t is string => !!t);
  const requests = buildMemberPatchOps(toTarget(delta.add), toTarget(delta.remove));
  const entry: MemberLogEntry = {
    groupId,
    conn,
    identity: String(conn.exported.displayName ?? groupId),
    change: {
      name: "members",
      oldValue: `${(conn.members ?? []).length} members`,
      newValue: `+${delta.add.length} -${delta.remove.length}`,
    },
    started,
  };
  try {
    for (const ops of requests) await run.client.patch("Groups", conn.targetId!, ops);
    run.rec.okOps++;
    const members = run.memberFilter ? [...new Set([...(conn.members ?? []), ...desired])] : desired;
    run.rec.writer.upsert({
      ...connectorUpsert(conn),
      members,
      lastStatus: "Success",
      lastError: null,
      failureCount: 0,
    });
    const s = requests.length === 1 ? "" : "s";
    const summary = `Membership updated: ${delta.add.length} added, ${delta.remove.length} removed`;
    recordMembership(run, entry, "Success", {
      logSteps: [{ step: "Action", status: "Success", detail: `${summary} (${requests.length} request${s})` }],
      outcomeSteps: [{ step: "Action", status: "Success", detail: summary }],
    });
  } catch (e) {
    const err = run.rec.classify(e);
    run.rec.counts.failed++;
    run.rec.writer.upsert({
      ...connectorUpsert(conn),
      lastStatus: "Failure",
      lastError: err.message,
      failureCount: conn.failureCount + 1,
    });
    const steps: Step[] = [{ step: "Action", status: "Failure", detail: `Membership update failed: ${err.message}` }];
    recordMembership(run, entry, "Failure", { logSteps: steps, outcomeSteps: steps, err });
  }
}

type MemberLogEntry = {
  groupId: string;
  conn: ConnectorRow;
  identity: string;
  change: ModifiedProperty;
  started: number;
};

/** The group's log entry (an Update of its members) and, on demand, its membership outcome. */
function recordMembership(
  run: ApplyRun,
  entry: MemberLogEntry,
  status: "Success" | "Failure",
  r: { logSteps: Step[]; outcomeSteps: Step[]; err?: { code: string; message: string } },
): void {
  const { groupId, conn, identity } = entry;
  run.rec.recordRaw({
    objectType: "Group",
    sourceId: groupId,
    targetId: conn.targetId,
    identity,
    action: "Update",
    status,
    steps: r.logSteps,
    modifiedProperties: [entry.change],
    ...(r.err ? { errorCode: r.err.code, errorDetail: r.err.message } : {}),
    durationMs: Date.now() - entry.started,
  });
  if (run.rec.keepOutcomes)
    run.rec.outcomes.push({
      objectType: "Group",
      sourceId: groupId,
      identity,
      action: "Update",
      status,
      steps: r.outcomeSteps,
      targetId: conn.targetId,
      ...(r.err ? { error: r.err.message } : {}),
      membership: true,
    });
}
