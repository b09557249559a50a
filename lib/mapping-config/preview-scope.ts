import { z } from "zod";
import { prisma } from "../db/prisma";
import { explainScopingFilters, type ScopingExplanation } from "../scoping/evaluate-scoping-filters";
import { isScopingOperator, SCOPING_OPERATOR_INFO } from "../scoping/scoping-operators";
import {
  chunks,
  groupSourceObject,
  loadAssignmentScope,
  loadMemberIds,
  userSourceObject,
} from "../sync/store/load-source";
import { loadJobForApplication } from "./load-job-for-application";
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
};

const CHUNK = 500;

/**
 * "N of M users in scope" for scoping filters the admin has not saved yet: the filters are evaluated on the
 * objects the job would consider (assigned ones, or the whole directory when the scope is "all users and
 * groups"; soft-deleted objects left out), with a sample on each side and, for those out of scope, the clause
 * that failed. Nothing is written.
 */
export async function previewScope(input: z.input<typeof previewScopeInput>): Promise<ScopePreview> {
  const { applicationId, objectType, filters, sampleSize } = previewScopeInput.parse(input);
  const job = await loadJobForApplication(applicationId);
  const basis = job.scope === "All" ? "All" : "AssignedOnly";
  const assignments = await loadAssignmentScope(applicationId);
  const roles = objectType === "User" ? assignments.userRoles : assignments.groupRoles;
  const filterData = filters.map((f) => ({
    title: f.title ?? null,
    clauses: f.clauses.map((c) => ({ attribute: c.attribute, operator: c.operator, value: c.value ?? null })),
  }));

  let ids: string[];
  if (basis === "All") {
    ids =
      objectType === "User"
        ? (
            await prisma.directoryUser.findMany({
              where: { deletedAt: null },
              select: { id: true },
              orderBy: { displayName: "asc" },
            })
          ).map((r) => r.id)
        : (
            await prisma.directoryGroup.findMany({
              where: { deletedAt: null },
              select: { id: true },
              orderBy: { displayName: "asc" },
            })
          ).map((r) => r.id);
  } else {
    ids = [...roles.keys()];
  }

  const preview: ScopePreview = { inScope: 0, total: 0, basis, inScopeSample: [], outOfScopeSample: [] };
  for (const chunk of chunks(ids, CHUNK)) {
    const objects: { id: string; name: string; detail: string; source: Record<string, unknown> }[] = [];
    if (objectType === "User") {
      const rows = await prisma.directoryUser.findMany({
        where: { id: { in: chunk }, deletedAt: null },
        orderBy: { displayName: "asc" },
      });
      for (const r of rows)
        objects.push({
          id: r.id,
          name: r.displayName,
          detail: r.userPrincipalName,
          source: userSourceObject(r, roles.get(r.id) ?? [], false),
        });
    } else {
      const rows = await prisma.directoryGroup.findMany({
        where: { id: { in: chunk }, deletedAt: null },
        orderBy: { displayName: "asc" },
      });
      const members = await loadMemberIds(rows.map((r) => r.id));
      for (const r of rows) {
        const m = members.get(r.id) ?? [];
        objects.push({
          id: r.id,
          name: r.displayName,
          detail: `${m.length} member${m.length === 1 ? "" : "s"}`,
          source: groupSourceObject({ row: r, members: m }, roles.get(r.id) ?? [], false),
        });
      }
    }
    for (const o of objects) {
      preview.total++;
      const explanation = explainScopingFilters(filterData, o.source);
      if (explanation.inScope) {
        preview.inScope++;
        if (preview.inScopeSample.length < sampleSize)
          preview.inScopeSample.push({ id: o.id, name: o.name, detail: o.detail });
      } else if (preview.outOfScopeSample.length < sampleSize) {
        preview.outOfScopeSample.push({
          id: o.id,
          name: o.name,
          detail: o.detail,
          reason: describeFailure(explanation),
        });
      }
    }
  }
  return preview;
}

/** Which clause failed in each filter, in the editor's words: `Filter 1: department equals Sales is false (department is "IT")`. */
function describeFailure(explanation: ScopingExplanation): string {
  return explanation.filters
    .map((f) => {
      const c = f.failedClause;
      if (!c) return null;
      const op = isScopingOperator(c.operator) ? SCOPING_OPERATOR_INFO[c.operator] : null;
      const clause = [c.attribute, op?.label ?? c.operator, op?.takesValue ? (c.value ?? "") : null]
        .filter((x) => x !== null)
        .join(" ");
      const name = f.title ? `"${f.title}"` : `Filter ${f.index + 1}`;
      return `${name}, clause ${c.index + 1}: ${clause} is false (${c.reason})`;
    })
    .filter((x): x is string => x !== null)
    .join("; ");
}
