import type { JobContext } from "../store/load-job-context";
import { loadConnectorRows, loadMemberIds, loadUserRows, type AssignmentScope } from "../store/load-source";
import type { ConnectorRow } from "../sync-types";
import { planMemberDelta } from "./plan-member-delta";
import { userScope } from "./plan-user-operation";

/** One group whose members at the target differ from the directory's. */
export type MemberUpdate = {
  groupId: string;
  conn: ConnectorRow;
  /** Members (source ids) the group should have at the target: those linked to a target user. */
  desired: string[];
  delta: { add: string[]; remove: string[] };
};

/**
 * The membership changes of a batch of provisioned groups, against the members last exported (or, after a
 * reconcile read, against the members the target actually holds: `observeMembers`). A group's
 * members at the target are its members in scope: linked at the target, and neither soft-deleted,
 * unassigned nor filtered out (a disabled user stays a member, as in Entra). On demand (memberFilter) only
 * the chosen members are added and nothing is removed. Also returns the member users' connector rows, for
 * their target ids.
 */
export async function planMemberUpdates(opts: {
  ctx: JobContext;
  scope: AssignmentScope;
  groupIds: string[];
  memberFilter?: Set<string>;
  /**
   * A reconcile: the members each group holds at the target, by the group's target id, as source ids of
   * the linked users (members no directory user is linked to are left alone). A group it leaves out is
   * compared with the members last exported.
   */
  observeMembers?: (groupTargetIds: string[]) => Promise<Map<string, string[]>>;
}): Promise<{ updates: MemberUpdate[]; userLinks: Map<string, ConnectorRow> }> {
  const { ctx, groupIds, memberFilter, observeMembers } = opts;
  const jobId = ctx.jobId;
  const groupConnectors = await loadConnectorRows(jobId, "Group", groupIds);
  const atTarget = observeMembers
    ? await observeMembers([...groupConnectors.values()].flatMap((c) => (c.targetId ? [c.targetId] : [])))
    : new Map<string, string[]>();
  const membership = await loadMemberIds(groupIds);
  const directoryMembers = new Set<string>();
  for (const list of membership.values()) for (const id of list) directoryMembers.add(id);
  const memberIds = new Set(directoryMembers);
  for (const g of groupConnectors.values()) for (const id of g.members ?? []) memberIds.add(id);
  for (const list of atTarget.values()) for (const id of list) memberIds.add(id);
  const userLinks = await loadConnectorRows(jobId, "User", [...memberIds]);
  const belongs = await membersInScope(opts, [...directoryMembers], userLinks);
  const updates = groupIds.flatMap((groupId) => {
    const conn = groupConnectors.get(groupId);
    if (!conn?.targetId || conn.state === "Pending") return [];
    let desired = (membership.get(groupId) ?? []).filter((id) => belongs.has(id));
    let exported = atTarget.get(conn.targetId) ?? conn.members;
    if (memberFilter) {
      desired = desired.filter((id) => memberFilter.has(id));
      exported = [
        ...new Set([...(exported ?? []), ...(membership.get(groupId) ?? []).filter((id) => !memberFilter.has(id))]),
      ];
    }
    const delta = planMemberDelta(desired, exported);
    if (memberFilter) delta.remove = [];
    if (delta.add.length === 0 && delta.remove.length === 0) return [];
    return [{ groupId, conn, desired, delta }];
  });
  return { updates, userLinks };
}

/** The directory members that belong in their groups at the target: linked, and in scope or only disabled. */
async function membersInScope(
  opts: { ctx: JobContext; scope: AssignmentScope },
  ids: string[],
  userLinks: Map<string, ConnectorRow>,
): Promise<Set<string>> {
  const linked = ids.filter((id) => {
    const u = userLinks.get(id);
    return !!u?.targetId && u.state !== "Pending";
  });
  const rows = new Map((await loadUserRows(linked)).map((r) => [r.id, r]));
  const out = new Set<string>();
  for (const id of linked) {
    const { scope } = userScope(opts.ctx, rows.get(id) ?? null, opts.scope.userRoles.get(id) ?? []);
    if (scope === "InScope" || scope === "Disabled") out.add(id);
  }
  return out;
}
