"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import type { ScopingConfigView } from "@/lib/mapping-config/get-scoping-config";
import type { ScopePreview } from "@/lib/mapping-config/preview-scope";
import type { SaveScopingFiltersInput } from "@/lib/mapping-config/mapping-config-schemas";
import { SCOPING_OPERATOR_INFO, SCOPING_OPERATORS, isScopingOperator } from "@/lib/scoping/scoping-operators";
import { validateScopingClause } from "@/lib/scoping/validate-scoping-clause";
import { EditorNav } from "./editor-nav";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { useHydrated } from "@/components/directory/use-hydrated";
import { useCanChange } from "@/components/ui/role-context";
import { ReadOnlyNote } from "@/components/ui/read-only";

type DraftClause = { key: string; attribute: string; operator: string; value: string };
type DraftFilter = { key: string; title: string; clauses: DraftClause[] };

export type ScopingEditorActions = {
  save: (input: SaveScopingFiltersInput) => Promise<ActionResult<ScopingConfigView>>;
  preview: (input: SaveScopingFiltersInput) => Promise<ActionResult<ScopePreview>>;
};

let seq = 0;
const newKey = () => `k${++seq}`;

function toDraft(config: ScopingConfigView): DraftFilter[] {
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

function toInput(filters: DraftFilter[]) {
  return filters.map((f) => ({
    title: f.title.trim() || null,
    clauses: f.clauses.map((c) => ({
      attribute: c.attribute,
      operator: c.operator,
      value: isScopingOperator(c.operator) && SCOPING_OPERATOR_INFO[c.operator].takesValue ? c.value : null,
    })),
  }));
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * Scoping filters for one object type: filters are ORed, the clauses of a filter ANDed. Clauses are checked
 * as the admin types (invalid regular expressions, non-integer comparisons), and a live preview counts how
 * many objects would be in scope before anything is saved.
 */
async function fetchSavedScopePreview(applicationId: string, objectType: string): Promise<ActionResult<ScopePreview>> {
  const res = await fetch(
    `/api/applications/${encodeURIComponent(applicationId)}/scope-preview?objectType=${encodeURIComponent(objectType)}`,
    { cache: "no-store" },
  );
  try {
    return (await res.json()) as ActionResult<ScopePreview>;
  } catch {
    return { ok: false, error: `The preview could not be computed (HTTP ${res.status}).` };
  }
}

export function ScopingEditor({ initial, actions }: { initial: ScopingConfigView; actions: ScopingEditorActions }) {
  const ready = useHydrated();
  // Readers see the saved filters with every field disabled, and their count from a GET endpoint (the
  // editor's live preview of drafts is a server action, which the proxy refuses them).
  const readOnly = !useCanChange();
  const [config, setConfig] = useState(initial);
  const [filters, setFilters] = useState<DraftFilter[]>(() => toDraft(initial));
  const [notice, setNotice] = useState<{ tone: "success" | "error"; title: string; body?: string } | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const { applicationId, objectType } = config;
  const noun = objectType === "User" ? "users" : "groups";

  const input = useMemo(() => toInput(filters), [filters]);
  const saved = useMemo(() => JSON.stringify(toInput(toDraft(config))), [config]);
  const dirty = JSON.stringify(input) !== saved;

  const clauseErrors = useMemo(() => {
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
  }, [filters]);
  const valid = Object.keys(clauseErrors).length === 0;

  const debouncedInput = useDebounced(input, 400);
  const debouncedValid = useDebounced(valid, 400);
  const preview = useQuery({
    queryKey: ["scope-preview", applicationId, objectType, JSON.stringify(debouncedInput)],
    queryFn: async () => {
      const r = readOnly
        ? await fetchSavedScopePreview(applicationId, objectType)
        : await actions.preview({ applicationId, objectType, filters: debouncedInput });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    enabled: debouncedValid,
    placeholderData: (prev) => prev,
  });

  const update = (fk: string, patch: (f: DraftFilter) => DraftFilter) =>
    setFilters((fs) => fs.map((f) => (f.key === fk ? patch(f) : f)));
  const updateClause = (fk: string, ck: string, patch: Partial<DraftClause>) =>
    update(fk, (f) => ({ ...f, clauses: f.clauses.map((c) => (c.key === ck ? { ...c, ...patch } : c)) }));
  const blankClause = (): DraftClause => ({
    key: newKey(),
    attribute: config.sourceAttributes[0] ?? "",
    operator: "EQUALS",
    value: "",
  });

  function save() {
    setNotice(null);
    startTransition(async () => {
      const r = await actions.save({ applicationId, objectType, filters: input });
      if (r.ok) {
        setConfig(r.data);
        setFilters(toDraft(r.data));
        setServerErrors({});
        setNotice({
          tone: "success",
          title: "Scoping filters saved.",
          body: `The next cycle will be a full (initial) cycle: every ${objectType === "User" ? "user" : "group"} is evaluated against the filters again, and those now out of scope are disabled.`,
        });
      } else {
        setServerErrors(r.fieldErrors ?? {});
        setNotice({ tone: "error", title: "The scoping filters were not saved", body: r.error });
      }
    });
  }

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href={`/applications/${applicationId}/provisioning`} className="text-sm text-blue-700 hover:underline">
            ← Provisioning
          </Link>
          <h2 className="mt-1 text-xl font-semibold text-slate-900">Source Object Scope: directory {noun}</h2>
          <p className="mt-0.5 max-w-3xl text-sm text-slate-600">
            Only {noun} that match at least one filter are provisioned. Within a filter, every clause must be true;
            filters are combined with OR. A clause on an empty attribute is false.
          </p>
        </div>
        {readOnly ? (
          <ReadOnlyNote>Read-only: Readers can inspect the scoping filters but not change them.</ReadOnlyNote>
        ) : (
          <div className="flex gap-2">
            <Button variant="primary" onClick={save} disabled={!ready || pending || !dirty}>
              {pending ? "Saving…" : "Save"}
            </Button>
            <Button
              onClick={() => {
                setFilters(toDraft(config));
                setServerErrors({});
              }}
              disabled={!ready || pending || !dirty}
            >
              Discard changes
            </Button>
          </div>
        )}
      </div>

      <EditorNav applicationId={applicationId} objectType={objectType} editor="scoping" />

      <div aria-live="polite" className="space-y-2">
        {notice ? (
          <Alert tone={notice.tone} title={notice.title}>
            {notice.body}
          </Alert>
        ) : null}
        {dirty ? <Alert tone="warning">You have unsaved changes.</Alert> : null}
      </div>

      <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <fieldset disabled={readOnly} className="min-w-0 space-y-4">
          <legend className="sr-only">Scoping filters</legend>
          {filters.length === 0 ? (
            <EmptyState
              title="No scoping filters"
              action={
                readOnly ? undefined : (
                  <Button
                    onClick={() => setFilters((fs) => [...fs, { key: newKey(), title: "", clauses: [blankClause()] }])}
                    disabled={!ready}
                  >
                    Add scoping filter
                  </Button>
                )
              }
            >
              Every {config.scope === "All" ? "" : "assigned "}
              {objectType === "User" ? "user" : "group"} is in scope.
              {readOnly ? "" : " Add a filter to provision only some of them."}
            </EmptyState>
          ) : (
            filters.map((f, fi) => (
              <section
                key={f.key}
                aria-label={`Scoping filter ${fi + 1}`}
                className="rounded-lg border border-slate-200 bg-white shadow-sm"
              >
                <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
                  <div className="flex items-center gap-2">
                    {fi > 0 ? (
                      <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold text-slate-600">
                        OR
                      </span>
                    ) : null}
                    <label htmlFor={`${f.key}-title`} className="sr-only">
                      Name of scoping filter {fi + 1}
                    </label>
                    <input
                      id={`${f.key}-title`}
                      value={f.title}
                      placeholder={`Scoping filter ${fi + 1}`}
                      onChange={(e) => update(f.key, (x) => ({ ...x, title: e.target.value }))}
                      className={`${inputClass} w-64 font-medium`}
                    />
                  </div>
                  {readOnly ? null : (
                    <Button
                      variant="ghost"
                      onClick={() => setFilters((fs) => fs.filter((x) => x.key !== f.key))}
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
                    const error =
                      serverErrors[errKey] ?? (c.value !== "" || !info?.takesValue ? clauseErrors[errKey] : undefined);
                    const n = `clause ${ci + 1} of filter ${fi + 1}`;
                    return (
                      <div key={c.key}>
                        {ci > 0 ? <p className="mb-1 text-xs font-semibold text-slate-500">AND</p> : null}
                        <div className="rounded-md border border-slate-100 bg-slate-50/50 p-2">
                          <div className="grid grid-cols-1 items-start gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto]">
                            <select
                              aria-label={`Attribute, ${n}`}
                              value={c.attribute}
                              onChange={(e) => updateClause(f.key, c.key, { attribute: e.target.value })}
                              className={inputClass}
                            >
                              {!config.sourceAttributes.includes(c.attribute) ? (
                                <option value={c.attribute}>{c.attribute}</option>
                              ) : null}
                              {config.sourceAttributes.map((a) => (
                                <option key={a} value={a}>
                                  {a}
                                </option>
                              ))}
                            </select>
                            <select
                              aria-label={`Operator, ${n}`}
                              value={c.operator}
                              onChange={(e) => updateClause(f.key, c.key, { operator: e.target.value })}
                              className={inputClass}
                            >
                              {SCOPING_OPERATORS.map((op) => (
                                <option key={op} value={op}>
                                  {SCOPING_OPERATOR_INFO[op].label}
                                </option>
                              ))}
                            </select>
                            {info?.takesValue ? (
                              <input
                                aria-label={`Value, ${n}`}
                                value={c.value}
                                onChange={(e) => updateClause(f.key, c.key, { value: e.target.value })}
                                inputMode={info.integerValue ? "numeric" : undefined}
                                placeholder={
                                  info.regexValue ? "Regular expression" : info.integerValue ? "Integer" : "Value"
                                }
                                aria-invalid={error ? true : undefined}
                                className={`${inputClass} ${info.regexValue ? "font-mono text-xs" : ""}`}
                              />
                            ) : (
                              <span className="px-1 py-1.5 text-xs text-slate-500">No value needed</span>
                            )}
                            {readOnly ? null : (
                              <Button
                                variant="ghost"
                                aria-label={`Remove ${n}`}
                                onClick={() =>
                                  update(f.key, (x) => ({ ...x, clauses: x.clauses.filter((y) => y.key !== c.key) }))
                                }
                              >
                                Remove
                              </Button>
                            )}
                          </div>
                          {info ? <p className="mt-1 text-xs text-slate-500">{info.description}</p> : null}
                          {error ? (
                            <p className="mt-1 text-xs text-red-700" role="alert">
                              {error}
                            </p>
                          ) : null}
                        </div>
                      </div>
                    );
                  })}
                  {clauseErrors[`filters.${fi}.clauses`] ? (
                    <p className="text-xs text-red-700">{clauseErrors[`filters.${fi}.clauses`]}</p>
                  ) : null}
                  {readOnly ? null : (
                    <Button onClick={() => update(f.key, (x) => ({ ...x, clauses: [...x.clauses, blankClause()] }))}>
                      Add clause
                    </Button>
                  )}
                </div>
              </section>
            ))
          )}
          {filters.length > 0 && !readOnly ? (
            <Button
              onClick={() => setFilters((fs) => [...fs, { key: newKey(), title: "", clauses: [blankClause()] }])}
              disabled={!ready}
            >
              Add scoping filter
            </Button>
          ) : null}
        </fieldset>

        <aside
          aria-labelledby="scope-preview-title"
          className="h-fit rounded-lg border border-slate-200 bg-white p-4 shadow-sm xl:sticky xl:top-4"
        >
          <h3 id="scope-preview-title" className="text-sm font-semibold text-slate-900">
            Preview
          </h3>
          <div aria-live="polite" className="mt-2 text-sm">
            {!valid ? (
              <p className="text-slate-600">Fix the highlighted clauses to see the preview.</p>
            ) : preview.isPending ? (
              <p className="text-slate-600">Counting…</p>
            ) : preview.isError ? (
              <p className="text-red-700">{preview.error.message}</p>
            ) : (
              <ScopePreviewView preview={preview.data} noun={noun} stale={preview.isFetching} />
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

function ScopePreviewView({ preview, noun, stale }: { preview: ScopePreview; noun: string; stale: boolean }) {
  return (
    <div className={`space-y-3 ${stale ? "opacity-60" : ""}`} data-testid="scope-preview">
      <p className="text-base font-semibold text-slate-900">
        {preview.inScope} of {preview.total} {noun} in scope
      </p>
      <p className="text-xs text-slate-500">
        {preview.basis === "All"
          ? `Of all ${noun} in the directory (Scope: sync all users and groups).`
          : `Of the ${noun} assigned to this application (Default Access excluded).`}
      </p>
      {preview.inScopeSample.length > 0 ? (
        <div>
          <p className="text-xs font-semibold uppercase tracking-wide text-emerald-800">In scope</p>
          <ul className="mt-1 space-y-1">
            {preview.inScopeSample.map((s) => (
              <li key={s.id}>
                {s.name} <span className="block text-xs text-slate-500">{s.detail}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.outOfScopeSample.length > 0 ? (
        <div>
          <p className="text-xs font-semibold uppercase tracking-wide text-amber-800">Out of scope</p>
          <ul className="mt-1 space-y-1.5">
            {preview.outOfScopeSample.map((s) => (
              <li key={s.id}>
                {s.name} <span className="block text-xs text-slate-500">{s.detail}</span>
                <span className="block text-xs text-slate-600">{s.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.total === 0 ? (
        <p className="text-xs text-slate-600">No {noun} to evaluate yet: assign some on the Users and groups tab.</p>
      ) : null}
    </div>
  );
}
