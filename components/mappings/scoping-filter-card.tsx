import { SCOPING_OPERATOR_INFO, isScopingOperator } from "@/lib/scoping/scoping-operators";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ScopingClauseRow } from "./scoping-clause-row";
import type { DraftFilter } from "./scoping-draft";
import type { ScopingEditorState } from "./use-scoping-editor";

type FilterActions = Pick<
  ScopingEditorState,
  "renameFilter" | "removeFilter" | "addClause" | "removeClause" | "updateClause"
>;

/** One scoping filter: its name, its clauses (ANDed), and the controls to add and remove them. */
export function ScopingFilterCard({
  filter: f,
  index: fi,
  clauseErrors,
  serverErrors,
  sourceAttributes,
  readOnly,
  actions,
}: {
  filter: DraftFilter;
  index: number;
  clauseErrors: Record<string, string>;
  serverErrors: Record<string, string>;
  sourceAttributes: readonly string[];
  readOnly: boolean;
  actions: FilterActions;
}) {
  return (
    <section aria-label={`Scoping filter ${fi + 1}`} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <div className="flex items-center gap-2">
          {fi > 0 ? (
            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold text-slate-600">OR</span>
          ) : null}
          <label htmlFor={`${f.key}-title`} className="sr-only">
            Name of scoping filter {fi + 1}
          </label>
          <input
            id={`${f.key}-title`}
            value={f.title}
            placeholder={`Scoping filter ${fi + 1}`}
            onChange={(e) => actions.renameFilter(f.key, e.target.value)}
            className={`${inputClass} w-64 font-medium`}
          />
        </div>
        {readOnly ? null : (
          <Button
            variant="ghost"
            onClick={() => actions.removeFilter(f.key)}
            aria-label={`Delete scoping filter ${fi + 1}`}
          >
            Delete filter
          </Button>
        )}
      </header>
      <div className="space-y-2 px-4 py-3">
        {f.clauses.map((c, ci) => {
          const info = isScopingOperator(c.operator) ? SCOPING_OPERATOR_INFO[c.operator] : null;
          const errKey = `filters.${fi}.clauses.${ci}.value`;
          // A blank value is not an error until the admin types one (or the operator needs none).
          const error =
            serverErrors[errKey] ?? (c.value !== "" || !info?.takesValue ? clauseErrors[errKey] : undefined);
          return (
            <ScopingClauseRow
              key={c.key}
              clause={c}
              name={`clause ${ci + 1} of filter ${fi + 1}`}
              first={ci === 0}
              error={error}
              sourceAttributes={sourceAttributes}
              readOnly={readOnly}
              onChange={(patch) => actions.updateClause(f.key, c.key, patch)}
              onRemove={() => actions.removeClause(f.key, c.key)}
            />
          );
        })}
        {clauseErrors[`filters.${fi}.clauses`] ? (
          <p className="text-xs text-red-700">{clauseErrors[`filters.${fi}.clauses`]}</p>
        ) : null}
        {readOnly ? null : <Button onClick={() => actions.addClause(f.key)}>Add clause</Button>}
      </div>
    </section>
  );
}
