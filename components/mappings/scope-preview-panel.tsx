"use client";

import { useState, type ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ScopePreview, ScopeSampleItem } from "@/lib/mapping-config/preview-scope";
import { Button } from "@/components/ui/button";
import { ScopeObjectsDialog, type BrowseScope, type ScopeSide } from "./scope-objects-dialog";

/**
 * The Preview beside the scoping filters: how many objects the draft puts in scope, with samples; "and N
 * more" opens the whole side, paged and searchable.
 */
export function ScopePreviewPanel({
  preview,
  valid,
  noun,
  queryKey,
  browse,
}: {
  preview: UseQueryResult<ScopePreview>;
  valid: boolean;
  noun: string;
  /** The filters the preview is for, so a list opened from it pages through the same ones. */
  queryKey: string;
  browse: BrowseScope;
}) {
  const [side, setSide] = useState<ScopeSide | null>(null);
  return (
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
          <ScopePreviewView preview={preview.data} noun={noun} stale={preview.isFetching} onShowAll={setSide} />
        )}
      </div>
      <ScopeObjectsDialog side={side} noun={noun} queryKey={queryKey} browse={browse} onClose={() => setSide(null)} />
    </aside>
  );
}

function ScopePreviewView({
  preview,
  noun,
  stale,
  onShowAll,
}: {
  preview: ScopePreview;
  noun: string;
  stale: boolean;
  onShowAll: (side: ScopeSide) => void;
}) {
  const outOfScope = preview.total - preview.inScope - preview.failed;
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
      <SampleList
        side={{ outcome: "InScope", title: "In scope", count: preview.inScope }}
        items={preview.inScopeSample}
        noun={noun}
        headingClass="text-emerald-800"
        onShowAll={onShowAll}
      />
      <SampleList
        side={{ outcome: "OutOfScope", title: "Out of scope", count: outOfScope }}
        items={preview.outOfScopeSample}
        noun={noun}
        headingClass="text-amber-800"
        onShowAll={onShowAll}
      />
      {preview.failed > 0 ? (
        <div role="alert">
          <SampleList
            side={{ outcome: "Failed", title: "Could not be evaluated", count: preview.failed }}
            heading={`Could not be evaluated (${preview.failed})`}
            items={preview.failedSample}
            noun={noun}
            headingClass="text-red-800"
            onShowAll={onShowAll}
          />
        </div>
      ) : null}
      {preview.total === 0 ? (
        <p className="text-xs text-slate-600">No {noun} to evaluate yet: assign some on the Users and groups tab.</p>
      ) : null}
    </div>
  );
}

/** One side's sample, and when the side holds more, "and N more" with a button that lists them all. */
function SampleList({
  side,
  heading,
  items,
  noun,
  headingClass,
  onShowAll,
}: {
  side: ScopeSide;
  heading?: ReactNode;
  items: (ScopeSampleItem & { reason?: string })[];
  noun: string;
  headingClass: string;
  onShowAll: (side: ScopeSide) => void;
}) {
  if (items.length === 0) return null;
  const more = side.count - items.length;
  return (
    <div>
      <p className={`text-xs font-semibold uppercase tracking-wide ${headingClass}`}>{heading ?? side.title}</p>
      <ul className="mt-1 space-y-1.5" aria-label={`${side.title} (sample)`}>
        {items.map((s) => (
          <li key={s.id}>
            {s.name} <span className="block text-xs text-slate-500">{s.detail}</span>
            {s.reason ? (
              <span className={`block text-xs ${side.outcome === "Failed" ? "text-red-700" : "text-slate-600"}`}>
                {s.reason}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {more > 0 ? (
        <div className="mt-1 flex items-center justify-between gap-2">
          <span className="text-xs text-slate-600">and {more.toLocaleString("en-US")} more</span>
          <Button
            variant="ghost"
            className="px-2! py-0.5! text-xs"
            onClick={() => onShowAll(side)}
            aria-label={`Show all ${side.count} ${noun} ${side.title.toLowerCase()}`}
          >
            Show all {side.count.toLocaleString("en-US")}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
