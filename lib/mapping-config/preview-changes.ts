import { z } from "zod";
import { planCycle } from "../sync/plan-cycle";
import type { CyclePlanSummary } from "../sync/sync-types";
import { loadJobForApplication } from "./load-job-for-application";

export const previewChangesInput = z.object({
  applicationId: z.string().min(1),
  /** How many operations to list (counts are always complete). */
  limit: z.number().int().min(1).max(1000).default(200),
});

export type ChangesPreview = CyclePlanSummary & { generatedAt: string; provisioningEnabled: boolean };

/**
 * "What will change": the next cycle's operations from the engine's dry-run plan (lib/sync/plan-cycle.ts),
 * computed from the saved configuration and the connector data store without a request to the target.
 */
export async function previewChanges(input: z.input<typeof previewChangesInput>): Promise<ChangesPreview> {
  const { applicationId, limit } = previewChangesInput.parse(input);
  const job = await loadJobForApplication(applicationId);
  const plan = await planCycle({ jobId: job.id, limit });
  return { ...plan, generatedAt: new Date().toISOString(), provisioningEnabled: job.enabled };
}
