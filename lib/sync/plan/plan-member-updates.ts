import { loadConnectorRows, loadMemberIds } from "../store/load-source";
import type { ConnectorRow } from "../sync-types";
import { planMemberDelta } from "./plan-member-delta";

/** One group whose members at the target differ from the directory's. */
export type MemberUpdate = {
  groupId: string;
  conn: ConnectorRow;
  /** Members (source ids) the group should have at the target: those linked to a target user. */
  desired: string[];
  delta: { add: string[]; remove: string[] };
};

/**
 * The membership changes of a batch of provisioned groups, against the members last exported. Members
 * count only once they are linked at the target; on demand (memberFilter) only the chosen members are
 * added and nothing is removed. Also returns the member users' connector rows, for their target ids.
 */
export async function planMemberUpdates(opts: {
  jobId: string;
  groupIds: string[];
  memberFilter?: Set<string>;
}): Promise<{ updates: MemberUpdate[]; userLinks: Map<string, ConnectorRow> }> {
  const { jobId, groupIds, memberFilter } = opts;
  const groupConnectors = await loadConnectorRows(jobId, "Group", groupIds);
  const membership = await loadMemberIds(groupIds);
  const memberIds = new Set<string>();
  for (const list of membership.values()) for (const id of list) memberIds.add(id);
  for (const g of groupConnectors.values()) for (const id of g.members ?? []) memberIds.add(id);
  const userLinks = await loadConnectorRows(jobId, "User", [...memberIds]);
  const updates = groupIds.flatMap((groupId) => {
    const conn = groupConnectors.get(groupId);
    if (!conn?.targetId || conn.state === "Pending") return [];
    let desired = (membership.get(groupId) ?? []).filter((id) => {
      const u = userLinks.get(id);
      return !!u?.targetId && u.state !== "Pending";
    });
    let exported = conn.members;
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
