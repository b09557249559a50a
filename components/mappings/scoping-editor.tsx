"use client";

import type { ScopingConfigView } from "@/lib/mapping-config/get-scoping-config";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { useHydrated } from "@/components/directory/use-hydrated";
import { useCanChange } from "@/components/ui/role-context";
import { EditorHeader, EditorNotices } from "./editor-header";
import { EditorNav } from "./editor-nav";
import { ScopePreviewPanel } from "./scope-preview-panel";
import type { ScopingEditorActions } from "./scoping-draft";
import { ScopingFilterCard } from "./scoping-filter-card";
import { useScopingEditor } from "./use-scoping-editor";

/**
 * Scoping filters for one object type: filters are ORed, the clauses of a filter ANDed. Clauses are checked
 * as the admin types (invalid regular expressions, non-integer comparisons), and a live preview counts how
 * many objects would be in scope before anything is saved.
 */
export function ScopingEditor({ initial, actions }: { initial: ScopingConfigView; actions: ScopingEditorActions }) {
  const ready = useHydrated();
  // Readers see the saved filters with every field disabled, and their count from a GET endpoint (the
  // editor's live preview of drafts is a server action, which the proxy refuses them).
  const readOnly = !useCanChange();
  const s = useScopingEditor(initial, actions, readOnly);
  const { config } = s;
  const { applicationId, objectType } = config;
  const noun = objectType === "User" ? "users" : "groups";
  const addFilter = (
    <Button onClick={s.addFilter} disabled={!ready}>
      Add scoping filter
    </Button>
  );

  return (
    <div className="space-y-5">
      <EditorHeader
        applicationId={applicationId}
        title={`Source Object Scope: directory ${noun}`}
        description={`Only ${noun} that match at least one filter are provisioned. Within a filter, every clause must be true; filters are combined with OR. A clause on an empty attribute is false.`}
        readOnly={readOnly}
        readOnlyNote="Read-only: Readers can inspect the scoping filters but not change them."
        canSave={ready && s.dirty}
        pending={s.pending}
        onSave={s.save}
        onDiscard={s.discard}
      />

      <EditorNav applicationId={applicationId} objectType={objectType} editor="scoping" />

      <EditorNotices notice={s.notice} unsaved={s.dirty ? "You have unsaved changes." : null} />

      <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <fieldset disabled={readOnly} className="min-w-0 space-y-4">
          <legend className="sr-only">Scoping filters</legend>
          {s.filters.length === 0 ? (
            <EmptyState title="No scoping filters" action={readOnly ? undefined : addFilter}>
              Every {config.scope === "All" ? "" : "assigned "}
              {objectType === "User" ? "user" : "group"} is in scope.
              {readOnly ? "" : " Add a filter to provision only some of them."}
            </EmptyState>
          ) : (
            s.filters.map((f, fi) => (
              <ScopingFilterCard
                key={f.key}
                filter={f}
                index={fi}
                clauseErrors={s.clauseErrors}
                serverErrors={s.serverErrors}
                sourceAttributes={config.sourceAttributes}
                readOnly={readOnly}
                actions={s}
              />
            ))
          )}
          {s.filters.length > 0 && !readOnly ? addFilter : null}
        </fieldset>

        <ScopePreviewPanel
          preview={s.preview}
          valid={s.valid}
          noun={noun}
          queryKey={`${applicationId}:${objectType}:${s.previewKey}`}
          browse={s.browse}
        />
      </div>
    </div>
  );
}
