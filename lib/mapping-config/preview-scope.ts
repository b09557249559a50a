import { z } from "zod";
import { evaluateScopeCandidates } from "./evaluate-scope-candidates";
import { saveScopingFiltersInput } from "./mapping-config-schemas";

export const previewScopeInput = saveScopingFiltersInput.extend({
  sampleSize: z.number().int().min(1).max(50).default(8),
});

export type ScopeSampleItem = { id: string; name: string; detail: string };

export type ScopePreview = {
  inScope: number;
  total: number;
  /** "AssignedOnly": the total counts assigned users/groups ("Default Access" excluded); "All": the whole directory. */
  basis: "AssignedOnly" | "All";
  inScopeSample: ScopeSampleItem[];
  outOfScopeSample: (ScopeSampleItem & { reason: string })[];
  /** Objects whose scope cannot be told (a cycle fails them, sending nothing), with the first few reasons. */
  failed: number;
  failedSample: (ScopeSampleItem & { reason: string })[];
};

/**
 * "N of M users in scope" for scoping filters the admin has not saved yet: the filters are evaluated on the
 * objects the job would consider (assigned ones, or the whole directory when the scope is "all users and
 * groups"; soft-deleted objects left out), with a sample on each side and, for those out of scope, the clause
 * that failed. The rest of each side is listed, paged and searchable, by listScopeObjects. Nothing is written.
 */
export async function previewScope(input: z.input<typeof previewScopeInput>): Promise<ScopePreview> {
  const { applicationId, objectType, filters, sampleSize } = previewScopeInput.parse(input);
  const { basis, objects } = await evaluateScopeCandidates({ applicationId, objectType, filters });
  const preview: ScopePreview = {
    inScope: 0,
    total: 0,
    basis,
    inScopeSample: [],
    outOfScopeSample: [],
    failed: 0,
    failedSample: [],
  };
  for await (const o of objects) {
    preview.total++;
    const item = { id: o.id, name: o.name, detail: o.detail };
    if (o.outcome === "Failed") {
      preview.failed++;
      if (preview.failedSample.length < sampleSize) preview.failedSample.push({ ...item, reason: o.reason ?? "" });
    } else if (o.outcome === "InScope") {
      preview.inScope++;
      if (preview.inScopeSample.length < sampleSize) preview.inScopeSample.push(item);
    } else if (preview.outOfScopeSample.length < sampleSize) {
      preview.outOfScopeSample.push({ ...item, reason: o.reason ?? "" });
    }
  }
  return preview;
}
