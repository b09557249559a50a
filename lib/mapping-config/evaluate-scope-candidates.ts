import { prisma } from "../db/prisma";
import { explainScopingFilters, type ScopingExplanation } from "../scoping/evaluate-scoping-filters";
import { isScopingOperator, SCOPING_OPERATOR_INFO } from "../scoping/scoping-operators";
import { ScopingEvaluationError } from "../scoping/scoping-regex";
import {
  chunks,
  groupSourceObject,
  loadAssignmentScope,
  loadMemberIds,
  userSourceObject,
} from "../sync/store/load-source";
import { loadJobForApplication } from "./load-job-for-application";

export type ScopeOutcome = "InScope" | "OutOfScope" | "Failed";

export type EvaluatedScopeObject = {
  id: string;
  name: string;
  detail: string;
  outcome: ScopeOutcome;
  /** Why it is out of scope (the failing clause of each filter), or why it could not be evaluated. */
  reason?: string;
};

type Filters = { title?: string | null; clauses: { attribute: string; operator: string; value?: string | null }[] }[];

const CHUNK = 500;

/**
 * The objects a job would consider for scoping (assigned ones, or the whole directory when the scope is "all
 * users and groups"; soft-deleted ones left out), in display-name order, each with its outcome under `filters`.
 * Shared by the preview's counts and its paged list, so both always agree. Nothing is written.
 */
export async function evaluateScopeCandidates(opts: {
  applicationId: string;
  objectType: "User" | "Group";
  filters: Filters;
}): Promise<{ basis: "AssignedOnly" | "All"; objects: AsyncGenerator<EvaluatedScopeObject> }> {
  const { applicationId, objectType } = opts;
  const job = await loadJobForApplication(applicationId);
  const basis = job.scope === "All" ? "All" : "AssignedOnly";
  const assignments = await loadAssignmentScope(applicationId);
  const roles = objectType === "User" ? assignments.userRoles : assignments.groupRoles;
  const filterData = opts.filters.map((f) => ({
    title: f.title ?? null,
    clauses: f.clauses.map((c) => ({ attribute: c.attribute, operator: c.operator, value: c.value ?? null })),
  }));
  const ids = basis === "All" ? await allIds(objectType) : [...roles.keys()];

  async function* objects(): AsyncGenerator<EvaluatedScopeObject> {
    for (const chunk of chunks(ids, CHUNK)) {
      // The database driver answers synchronously: without a turn of the event loop, a large directory would
      // keep every other request waiting until the whole preview is done.
      await new Promise((resolve) => setImmediate(resolve));
      for (const o of await loadChunk(objectType, chunk, roles)) {
        let explanation: ScopingExplanation;
        try {
          explanation = explainScopingFilters(filterData, o.source);
        } catch (e) {
          if (!(e instanceof ScopingEvaluationError)) throw e;
          yield { id: o.id, name: o.name, detail: o.detail, outcome: "Failed", reason: e.message };
          continue;
        }
        yield explanation.inScope
          ? { id: o.id, name: o.name, detail: o.detail, outcome: "InScope" }
          : { id: o.id, name: o.name, detail: o.detail, outcome: "OutOfScope", reason: describeFailure(explanation) };
      }
    }
  }
  return { basis, objects: objects() };
}

async function allIds(objectType: "User" | "Group"): Promise<string[]> {
  const rows =
    objectType === "User"
      ? await prisma.directoryUser.findMany({
          where: { deletedAt: null },
          select: { id: true },
          orderBy: { displayName: "asc" },
        })
      : await prisma.directoryGroup.findMany({
          where: { deletedAt: null },
          select: { id: true },
          orderBy: { displayName: "asc" },
        });
  return rows.map((r) => r.id);
}

async function loadChunk(objectType: "User" | "Group", chunk: string[], roles: Map<string, string[]>) {
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
    return objects;
  }
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
  return objects;
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
