"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import type { ChangesPreview } from "@/lib/mapping-config/preview-changes";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

type Operation = ChangesPreview["operations"][number];

const ACTIONS: { action: Operation["action"]; title: string; tone: "green" | "blue" | "amber" | "red" | "neutral" }[] =
  [
    { action: "Create", title: "Creates", tone: "green" },
    { action: "Update", title: "Updates", tone: "blue" },
    { action: "Disable", title: "Disables", tone: "amber" },
    { action: "Delete", title: "Deletes", tone: "red" },
    { action: "Skip", title: "Skipped", tone: "neutral" },
  ];

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

async function fetchPreview({ applicationId }: { applicationId: string }): Promise<ActionResult<ChangesPreview>> {
  const res = await fetch(`/api/applications/${encodeURIComponent(applicationId)}/preview`, { cache: "no-store" });
  try {
    return (await res.json()) as ActionResult<ChangesPreview>;
  } catch {
    return { ok: false, error: `The preview could not be computed (HTTP ${res.status}).` };
  }
}

/**
 * "What will change": the next cycle's operations from the engine's dry-run plan. Computed on request from
 * the saved configuration; nothing is sent to the target.
 */
export function WhatWillChange({
  applicationId,
  version,
  unsaved,
  load = fetchPreview,
  autoLoad = false,
}: {
  applicationId: string;
  /** Bumped after each save, so the plan is computed again. */
  version: number;
  /** The page has changes that are not saved: the plan does not include them. */
  unsaved?: boolean;
  /** Where the plan comes from; by default the GET endpoint, which Readers may call too. */
  load?: (input: { applicationId: string }) => Promise<ActionResult<ChangesPreview>>;
  autoLoad?: boolean;
}) {
  const [requested, setRequested] = useState(autoLoad);
  const plan = useQuery({
    queryKey: ["what-will-change", applicationId, version],
    queryFn: async () => {
      const r = await load({ applicationId });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    enabled: requested,
    staleTime: 0,
  });

  return (
    <section aria-labelledby="what-will-change-title" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-3">
        <div>
          <h2 id="what-will-change-title" className="text-base font-semibold text-slate-900">
            What will change
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">
            The next cycle&apos;s operations, computed from the saved configuration. Nothing is sent to the target.
          </p>
        </div>
        <Button onClick={() => (requested ? void plan.refetch() : setRequested(true))} disabled={plan.isFetching}>
          {plan.isFetching ? "Computing…" : requested ? "Refresh" : "Preview the next cycle"}
        </Button>
      </header>
      <div className="space-y-3 px-5 py-4" aria-live="polite">
        {unsaved ? (
          <Alert tone="warning">
            This page has unsaved changes. The preview shows the saved configuration; save to see their effect.
          </Alert>
        ) : null}
        {!requested ? (
          <p className="text-sm text-slate-600">
            See which users and groups the next cycle would create, update, disable or delete, and the attribute
            changes, before anything is sent.
          </p>
        ) : plan.isPending ? (
          <p className="text-sm text-slate-600">Computing the plan…</p>
        ) : plan.isError ? (
          <Alert tone="error" title="The plan could not be computed">
            {plan.error.message}
          </Alert>
        ) : (
          <PlanView plan={plan.data} />
        )}
      </div>
    </section>
  );
}

function PlanView({ plan }: { plan: ChangesPreview }) {
  const c = plan.counts;
  const changing = c.create + c.update + c.disable + c.delete;
  return (
    <div className="space-y-4" data-testid="what-will-change">
      <p className="text-sm text-slate-800">
        Next cycle:{" "}
        <span className="font-medium">
          {plan.type === "Initial"
            ? "an initial cycle (every object in scope is evaluated)"
            : "an incremental cycle (only changes since the last one)"}
        </span>
        , {plan.total} object{plan.total === 1 ? "" : "s"} to evaluate.
      </p>
      <ul className="flex flex-wrap gap-2 text-sm" aria-label="Counts">
        <li>
          <Badge tone="green">{`${c.create} to create`}</Badge>
        </li>
        <li>
          <Badge tone="blue">{`${c.update} to update`}</Badge>
        </li>
        <li>
          <Badge tone="amber">{`${c.disable} to disable`}</Badge>
        </li>
        <li>
          <Badge tone="red">{`${c.delete} to delete`}</Badge>
        </li>
        <li>
          <Badge>{`${c.skip} skipped`}</Badge>
        </li>
        <li>
          <Badge>{`${c.unchanged} unchanged`}</Badge>
        </li>
        {c.memberChanges > 0 ? (
          <li>
            <Badge tone="blue">{`${c.memberChanges} membership changes`}</Badge>
          </li>
        ) : null}
      </ul>
      {plan.wouldStageDeletes ? (
        <Alert tone="warning" title="The deletion threshold would stop these disables and deletes">
          {c.disable + c.delete} disables and deletes are more than the accidental-deletion threshold allows: the cycle
          would hold them for approval.
        </Alert>
      ) : null}
      {!plan.provisioningEnabled ? (
        <p className="text-xs text-slate-500">
          Provisioning is off: this is what the first cycle would do once it is turned on.
        </p>
      ) : null}
      {changing === 0 && c.skip === 0 ? (
        <p className="text-sm text-slate-600">Nothing would change: the target is up to date with the directory.</p>
      ) : null}
      {ACTIONS.map(({ action, title, tone }) => {
        const ops = plan.operations.filter((o) => o.action === action);
        if (ops.length === 0) return null;
        return (
          <details key={action} open={action !== "Skip"} className="rounded-md border border-slate-200">
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">
              {title} <Badge tone={tone}>{String(ops.length)}</Badge>
            </summary>
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto border-t border-slate-100">
              {ops.map((o) => (
                <li key={`${o.objectType}-${o.sourceId}`} className="px-3 py-2 text-sm">
                  <p>
                    <span className="font-medium text-slate-900">{o.identity}</span>{" "}
                    <span className="text-xs text-slate-500">{o.objectType}</span>
                    {o.reason ? <span className="block text-xs text-slate-600">{o.reason}</span> : null}
                  </p>
                  {o.changes.length > 0 ? (
                    <ul className="mt-1 space-y-0.5 font-mono text-xs" aria-label={`Changes for ${o.identity}`}>
                      {o.changes.map((ch) => (
                        <li key={ch.name} className="break-all">
                          <span className="text-slate-600">{ch.name}:</span>{" "}
                          {action === "Create" ? null : (
                            <>
                              <span className="text-red-800 line-through decoration-red-400">{show(ch.oldValue)}</span>{" "}
                              →{" "}
                            </>
                          )}
                          <span className="text-emerald-800">{show(ch.newValue)}</span>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
      {plan.truncated ? (
        <p className="text-xs text-slate-500">
          Only the first {plan.operations.length} operations are listed; the counts above are complete.
        </p>
      ) : null}
      <p className="text-xs text-slate-500">
        Objects not yet linked show as creates: the cycle first looks for them at the target using the matching
        attributes, and links them if found.
      </p>
    </div>
  );
}
