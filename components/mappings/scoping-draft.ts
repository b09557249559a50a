import type { ActionResult } from "@/lib/action-result";
import type { ScopingConfigView } from "@/lib/mapping-config/get-scoping-config";
import type { ScopePreview } from "@/lib/mapping-config/preview-scope";
import type { ScopeObjectPage } from "@/lib/mapping-config/list-scope-objects";
import type { SaveScopingFiltersInput } from "@/lib/mapping-config/mapping-config-schemas";
import { SCOPING_OPERATOR_INFO, isScopingOperator } from "@/lib/scoping/scoping-operators";
import { validateScopingClause } from "@/lib/scoping/validate-scoping-clause";

export type DraftClause = { key: string; attribute: string; operator: string; value: string };
export type DraftFilter = { key: string; title: string; clauses: DraftClause[] };

export type ScopingEditorActions = {
  save: (input: SaveScopingFiltersInput) => Promise<ActionResult<ScopingConfigView>>;
  preview: (input: SaveScopingFiltersInput) => Promise<ActionResult<ScopePreview>>;
  list: (input: ScopeObjectsQuery & SaveScopingFiltersInput) => Promise<ActionResult<ScopeObjectPage>>;
};

/** Which page of one side of the preview to list. */
export type ScopeObjectsQuery = { outcome: "InScope" | "OutOfScope" | "Failed"; search: string; offset: number };

let seq = 0;
export const newKey = () => `k${++seq}`;

export function toDraft(config: ScopingConfigView): DraftFilter[] {
  return config.filters.map((f) => ({
    key: newKey(),
    title: f.title ?? "",
    clauses: f.clauses.map((c) => ({
      key: newKey(),
      attribute: c.attribute,
      operator: c.operator,
      value: c.value ?? "",
    })),
  }));
}

/** The filters as the server takes them: no keys, no title when blank, no value for unary operators. */
export function toInput(filters: DraftFilter[]): SaveScopingFiltersInput["filters"] {
  return filters.map((f) => ({
    title: f.title.trim() || null,
    clauses: f.clauses.map((c) => ({
      attribute: c.attribute,
      operator: c.operator,
      value: isScopingOperator(c.operator) && SCOPING_OPERATOR_INFO[c.operator].takesValue ? c.value : null,
    })),
  }));
}

export const fingerprint = (filters: DraftFilter[]) => JSON.stringify(toInput(filters));

/** What is wrong with the draft, by field path (`filters.0.clauses.1.value`), checked as the admin types. */
export function checkDraftFilters(filters: DraftFilter[]): Record<string, string> {
  const e: Record<string, string> = {};
  filters.forEach((f, fi) =>
    f.clauses.forEach((c, ci) => {
      const reason = validateScopingClause({ attribute: c.attribute, operator: c.operator, value: c.value });
      if (reason) e[`filters.${fi}.clauses.${ci}.value`] = reason;
    }),
  );
  filters.forEach((f, fi) => {
    if (f.clauses.length === 0) e[`filters.${fi}.clauses`] = "A scoping filter needs at least one clause.";
  });
  return e;
}
