import { z } from "zod";
import { loadJobContext } from "../sync/store/load-job-context";
import { chunks, loadAssignmentScope } from "../sync/store/load-source";
import { planCycle } from "../sync/plan/plan-cycle";
import { planObjects } from "../sync/plan/plan-objects";
import type { CyclePlanSummary, ObjectType } from "../sync/sync-types";
import { loadJobForApplication } from "./load-job-for-application";

export const previewChangesInput = z.object({
  applicationId: z.string().min(1),
  /** How many operations to list (counts are always complete). */
  limit: z.number().int().min(1).max(1000).default(200),
});

export type ChangesPreview = CyclePlanSummary & { generatedAt: string; provisioningEnabled: boolean };

/**
 * "What will change": the next cycle's operations from the engine's dry-run plan (lib/sync/plan/plan-cycle.ts),
 * computed from the saved configuration and the connector data store without a request to the target.
 * Creates also list the values they would send (the engine's plan of those objects), so an admin sees
 * a new mapping's effect before the first cycle.
 */
export async function previewChanges(input: z.input<typeof previewChangesInput>): Promise<ChangesPreview> {
  const { applicationId, limit } = previewChangesInput.parse(input);
  const job = await loadJobForApplication(applicationId);
  const plan = await planCycle({ jobId: job.id, limit });
  const creates = plan.operations.filter((o) => o.action === "Create" && o.changes.length === 0);
  if (creates.length > 0) {
    const ctx = await loadJobContext(job.id);
    const scope = await loadAssignmentScope(applicationId);
    const values = new Map<string, Record<string, unknown>>();
    for (const type of ["User", "Group"] as ObjectType[]) {
      const ids = creates.filter((o) => o.objectType === type).map((o) => o.sourceId);
      for (const chunk of chunks(ids, 200)) {
        for (const op of await planObjects({ ctx, scope, type, ids: chunk }))
          values.set(`${type}:${op.sourceId}`, op.values);
      }
    }
    for (const o of creates) {
      const v = values.get(`${o.objectType}:${o.sourceId}`);
      if (v) o.changes = Object.entries(v).map(([name, newValue]) => ({ name, oldValue: null, newValue }));
    }
  }
  return { ...plan, generatedAt: new Date().toISOString(), provisioningEnabled: job.enabled };
}
