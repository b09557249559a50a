import { z } from "zod";
import { evaluateScopeCandidates, type ScopeOutcome } from "./evaluate-scope-candidates";
import { saveScopingFiltersInput } from "./mapping-config-schemas";

const SCOPE_OBJECTS_PAGE_SIZE = 25;

export const listScopeObjectsInput = saveScopingFiltersInput.extend({
  outcome: z.enum(["InScope", "OutOfScope", "Failed"]),
  /** Matched, without letter case, within the display name and the UPN (users); plain text, never a pattern. */
  search: z.string().trim().max(200, "Search with at most 200 characters.").default(""),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(50).default(SCOPE_OBJECTS_PAGE_SIZE),
});

export type ScopeObjectItem = { id: string; name: string; detail: string; reason?: string };

export type ScopeObjectPage = {
  outcome: ScopeOutcome;
  search: string;
  /** How many objects of this outcome match the search (all of them when the search is empty). */
  matching: number;
  offset: number;
  limit: number;
  items: ScopeObjectItem[];
};

/**
 * One page of the objects the scope preview puts on one side (in scope, out of scope with the failing clause,
 * or not evaluable), optionally narrowed by a search: what lies behind "and 11 more". The whole candidate set
 * is evaluated, as for the counts, but only one page (at most 50) is kept and sent.
 */
export async function listScopeObjects(input: z.input<typeof listScopeObjectsInput>): Promise<ScopeObjectPage> {
  const { applicationId, objectType, filters, outcome, search, offset, limit } = listScopeObjectsInput.parse(input);
  const { objects } = await evaluateScopeCandidates({ applicationId, objectType, filters });
  const needle = search.toLowerCase();
  const page: ScopeObjectPage = { outcome, search, matching: 0, offset, limit, items: [] };
  for await (const o of objects) {
    if (o.outcome !== outcome) continue;
    if (needle && !o.name.toLowerCase().includes(needle) && !o.detail.toLowerCase().includes(needle)) continue;
    if (page.matching >= offset && page.items.length < limit) {
      page.items.push({ id: o.id, name: o.name, detail: o.detail, ...(o.reason ? { reason: o.reason } : {}) });
    }
    page.matching++;
  }
  return page;
}
