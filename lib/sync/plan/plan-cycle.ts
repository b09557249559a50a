import { z } from "zod";
import { prisma } from "../../db/prisma";
import { collectCandidates } from "./collect-candidates";
import { engineConfig } from "../engine-config";
import { loadJobContext } from "../store/load-job-context";
import { chunks, loadAssignmentScope } from "../store/load-source";
import { planMemberUpdates } from "./plan-member-updates";
import { planObjects } from "./plan-objects";
import type { CyclePlanSummary, ObjectType } from "../sync-types";

export const planCycleInput = z.object({
  jobId: z.string().min(1),
  forceInitial: z.boolean().optional(),
  limit: z.number().int().min(0).max(10_000).optional(),
});

/**
 * A dry run: what the next cycle would change, without a request to the target. Unlinked objects show as
 * Create (the cycle matches them at the target first and may link instead). Counts are complete;
 * `operations` lists the first `limit` objects that would change.
 */
export async function planCycle(input: z.input<typeof planCycleInput>): Promise<CyclePlanSummary> {
  const { jobId, forceInitial, limit = 500 } = planCycleInput.parse(input);
  const ctx = await loadJobContext(jobId);
  const initial = forceInitial === true || ctx.job.fullSyncRequired;
  const watermarkTo = (await prisma.directoryChange.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
  const scope = await loadAssignmentScope(ctx.applicationId);
  const candidates = await collectCandidates({
    ctx,
    initial,
    watermarkFrom: initial ? 0 : ctx.job.watermark,
    watermarkTo,
    scope,
  });
  const summary: CyclePlanSummary = {
    jobId,
    type: initial ? "Initial" : "Incremental",
    total: candidates.users.length + candidates.groups.length,
    counts: { create: 0, update: 0, disable: 0, delete: 0, skip: 0, unchanged: 0, memberChanges: 0 },
    wouldStageDeletes: false,
    operations: [],
    truncated: false,
  };
  const inScopeGroups: string[] = [];
  for (const [type, ids] of [
    ["User", candidates.users],
    ["Group", candidates.groups],
  ] as [ObjectType, string[]][]) {
    for (const chunk of chunks(ids, engineConfig().chunkSize)) {
      for (const op of await planObjects({ ctx, scope, type, ids: chunk })) {
        if (op.action === "Forget" || op.quiet) continue;
        const key =
          op.action === "Unchanged"
            ? "unchanged"
            : (op.action.toLowerCase() as "create" | "update" | "disable" | "delete" | "skip");
        summary.counts[key]++;
        if (type === "Group" && op.scope === "InScope" && op.connector?.targetId) inScopeGroups.push(op.sourceId);
        if (op.action === "Unchanged") continue;
        if (summary.operations.length < limit) {
          summary.operations.push({
            objectType: op.objectType,
            sourceId: op.sourceId,
            identity: op.identity,
            action: op.action,
            reason: op.reason,
            changes: op.changes,
          });
        } else summary.truncated = true;
      }
    }
  }
  if (ctx.syncMembers) {
    for (const chunk of chunks(inScopeGroups, 200)) {
      const { updates } = await planMemberUpdates({ ctx, scope, groupIds: chunk });
      for (const u of updates) summary.counts.memberChanges += u.delta.add.length + u.delta.remove.length;
    }
  }
  const deprovisions = summary.counts.disable + summary.counts.delete;
  summary.wouldStageDeletes =
    ctx.job.preventAccidentalDeletion && !ctx.job.allowDeletesOnce && deprovisions > ctx.job.deletionThreshold;
  return summary;
}
