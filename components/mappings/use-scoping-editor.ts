"use client";

import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ActionResult } from "@/lib/action-result";
import type { ScopingConfigView } from "@/lib/mapping-config/get-scoping-config";
import type { ScopePreview } from "@/lib/mapping-config/preview-scope";
import type { ScopeObjectPage } from "@/lib/mapping-config/list-scope-objects";
import { useDebounced } from "@/components/ui/use-debounced";
import {
  checkDraftFilters,
  fingerprint,
  newKey,
  toDraft,
  toInput,
  type DraftClause,
  type DraftFilter,
  type ScopeObjectsQuery,
  type ScopingEditorActions,
} from "./scoping-draft";
import { useEditorDraft } from "./use-editor-draft";

/** The saved filters' count, from a GET endpoint: Readers may not call the editor's preview server action. */
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

/** One page of a side of the saved filters' preview, from a GET endpoint (Readers too). */
async function fetchSavedScopeObjects(
  applicationId: string,
  objectType: string,
  q: ScopeObjectsQuery,
): Promise<ActionResult<ScopeObjectPage>> {
  const params = new URLSearchParams({ objectType, outcome: q.outcome, search: q.search, offset: String(q.offset) });
  const res = await fetch(
    `/api/applications/${encodeURIComponent(applicationId)}/scope-preview/objects?${params.toString()}`,
    { cache: "no-store" },
  );
  try {
    return (await res.json()) as ActionResult<ScopeObjectPage>;
  } catch {
    return { ok: false, error: `The list could not be loaded (HTTP ${res.status}).` };
  }
}

/** A live count of the objects in scope under the draft, a moment after the last valid change. */
function useScopePreview(opts: {
  applicationId: string;
  objectType: ScopingConfigView["objectType"];
  input: ReturnType<typeof toInput>;
  valid: boolean;
  readOnly: boolean;
  preview: ScopingEditorActions["preview"];
}) {
  const { applicationId, objectType, readOnly, preview } = opts;
  const input = useDebounced(opts.input, 400);
  const valid = useDebounced(opts.valid, 400);
  return useQuery({
    queryKey: ["scope-preview", applicationId, objectType, JSON.stringify(input)],
    queryFn: async () => {
      const r = readOnly
        ? await fetchSavedScopePreview(applicationId, objectType)
        : await preview({ applicationId, objectType, filters: input });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    enabled: valid,
    placeholderData: (prev) => prev,
  });
}

/**
 * The scoping editor's state: the draft filters (ORed) and their clauses (ANDed), checked as the admin types,
 * the live preview, and Save.
 */
export function useScopingEditor(initial: ScopingConfigView, actions: ScopingEditorActions, readOnly: boolean) {
  const editor = useEditorDraft({ initial, toDraft, fingerprint });
  const { config, draft: filters, setDraft: setFilters } = editor;
  const { applicationId, objectType } = config;
  const input = useMemo(() => toInput(filters), [filters]);
  const clauseErrors = useMemo(() => checkDraftFilters(filters), [filters]);
  const valid = Object.keys(clauseErrors).length === 0;
  const preview = useScopePreview({ applicationId, objectType, input, valid, readOnly, preview: actions.preview });
  // The list behind "and N more" pages through the filters the admin sees now (drafts included).
  const browse = async (q: ScopeObjectsQuery): Promise<ScopeObjectPage> => {
    const r = readOnly
      ? await fetchSavedScopeObjects(applicationId, objectType, q)
      : await actions.list({ applicationId, objectType, filters: input, ...q });
    if (!r.ok) throw new Error(r.error);
    return r.data;
  };

  const updateFilter = (fk: string, patch: (f: DraftFilter) => DraftFilter) =>
    setFilters((fs) => fs.map((f) => (f.key === fk ? patch(f) : f)));
  const blankClause = (): DraftClause => ({
    key: newKey(),
    attribute: config.sourceAttributes[0] ?? "",
    operator: "EQUALS",
    value: "",
  });

  return {
    ...editor,
    filters,
    clauseErrors,
    valid,
    preview,
    browse,
    previewKey: JSON.stringify(input),
    addFilter: () => setFilters((fs) => [...fs, { key: newKey(), title: "", clauses: [blankClause()] }]),
    removeFilter: (fk: string) => setFilters((fs) => fs.filter((x) => x.key !== fk)),
    renameFilter: (fk: string, title: string) => updateFilter(fk, (x) => ({ ...x, title })),
    addClause: (fk: string) => updateFilter(fk, (x) => ({ ...x, clauses: [...x.clauses, blankClause()] })),
    removeClause: (fk: string, ck: string) =>
      updateFilter(fk, (x) => ({ ...x, clauses: x.clauses.filter((y) => y.key !== ck) })),
    updateClause: (fk: string, ck: string, patch: Partial<DraftClause>) =>
      updateFilter(fk, (f) => ({ ...f, clauses: f.clauses.map((c) => (c.key === ck ? { ...c, ...patch } : c)) })),
    save: () =>
      editor.write(() => actions.save({ applicationId, objectType, filters: input }), {
        success: {
          tone: "success",
          title: "Scoping filters saved.",
          body: `The next cycle will be a full (initial) cycle: every ${objectType === "User" ? "user" : "group"} is evaluated against the filters again, and those now out of scope are disabled.`,
        },
        failure: "The scoping filters were not saved",
        showFieldErrors: true,
      }),
  };
}

export type ScopingEditorState = ReturnType<typeof useScopingEditor>;
