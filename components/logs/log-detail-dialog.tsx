"use client";

import { useEffect, useState } from "react";
import { useModalDialog } from "@/components/ui/use-modal-dialog";
import { useQuery } from "@tanstack/react-query";
import type { LogEntryDetail } from "@/lib/logs/get-log-entry";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LogStatusBadge } from "./log-status-badge";
import { fetchJson, formatDuration } from "./log-format";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

const TABS = ["Steps", "Troubleshooting & Recommendations", "Modified Properties", "Summary"] as const;
type Tab = (typeof TABS)[number];

/** The detail panel of one log entry: a modal dialog with four tabs, loaded when it opens. */
export function LogDetailDialog({ entryId, onClose }: { entryId: number | null; onClose: () => void }) {
  const open = entryId !== null;
  const { ref, titleId } = useModalDialog(open);
  const [tab, setTab] = useState<Tab>("Steps");

  const detail = useQuery({
    queryKey: ["logs", "entry", entryId],
    queryFn: () => fetchJson<LogEntryDetail>(`/api/logs/entries/${entryId}`),
    enabled: open,
    staleTime: 60_000,
  });

  useEffect(() => {
    // Failures open on the advice; everything else on the steps.
    if (detail.data)
      setTab(
        detail.data.status === "Failure" || detail.data.status === "Warning"
          ? "Troubleshooting & Recommendations"
          : "Steps",
      );
  }, [detail.data]);

  const e = detail.data;
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={titleId}
      className="m-auto w-full max-w-3xl rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      {open ? (
        <div className="flex max-h-[85vh] flex-col">
          <header className="flex items-start justify-between gap-4 border-b border-slate-100 px-5 py-3">
            <div className="min-w-0">
              <h2 id={titleId} className="truncate text-base font-semibold">
                {e ? (e.displayName ?? e.identity ?? "Log entry") : "Log entry"}
              </h2>
              {e ? (
                <p className="mt-0.5 flex flex-wrap items-center gap-2 text-sm text-slate-600">
                  <span>
                    {e.action === "StagedDelete" ? "Staged delete" : e.action} · {e.objectType}
                  </span>
                  <LogStatusBadge status={e.status} />
                  <span>{formatTimestamp(e.at)}</span>
                </p>
              ) : null}
            </div>
            <Button variant="ghost" onClick={onClose} aria-label="Close details">
              Close
            </Button>
          </header>
          <div className="overflow-y-auto px-5 py-4">
            {detail.isPending ? (
              <p role="status" className="text-sm text-slate-600">
                Loading the entry…
              </p>
            ) : detail.error ? (
              <Alert tone="error" title="This entry could not be loaded">
                {detail.error.message}
              </Alert>
            ) : e ? (
              <>
                <div
                  role="tablist"
                  aria-label="Log entry details"
                  className="mb-4 flex flex-wrap gap-1 border-b border-slate-200"
                >
                  {TABS.map((t) => (
                    <button
                      key={t}
                      type="button"
                      role="tab"
                      id={`log-tab-${t}`}
                      aria-selected={tab === t}
                      aria-controls={`log-panel-${t}`}
                      onClick={() => setTab(t)}
                      className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${tab === t ? "border-blue-600 font-medium text-blue-800" : "border-transparent text-slate-600 hover:text-slate-900"}`}
                    >
                      {t}
                    </button>
                  ))}
                </div>
                <div role="tabpanel" id={`log-panel-${tab}`} aria-labelledby={`log-tab-${tab}`}>
                  {tab === "Steps" ? <Steps e={e} /> : null}
                  {tab === "Troubleshooting & Recommendations" ? <Recommendations e={e} /> : null}
                  {tab === "Modified Properties" ? <ModifiedProperties e={e} /> : null}
                  {tab === "Summary" ? <Summary e={e} /> : null}
                </div>
              </>
            ) : null}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}

const STEP_ORDER = ["Import", "Scope", "Match", "Action"];

function Steps({ e }: { e: LogEntryDetail }) {
  const byName = new Map(e.steps.map((s) => [s.step, s]));
  const extra = e.steps.filter((s) => !STEP_ORDER.includes(s.step));
  return (
    <ol className="space-y-2">
      {[
        ...STEP_ORDER.map(
          (name) => byName.get(name) ?? { step: name, status: "Skipped", detail: "Not run for this entry" },
        ),
        ...extra,
      ].map((s, i) => (
        <li key={s.step} className="flex gap-3 rounded-md border border-slate-200 px-3 py-2">
          <span className="mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-700">
            {i + 1}
          </span>
          <div className="min-w-0">
            <p className="flex items-center gap-2 text-sm font-medium">
              <span>{s.step}</span> <LogStatusBadge status={s.status} />
            </p>
            <p className="mt-0.5 break-words text-sm text-slate-700">{s.detail || "—"}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}

function Recommendations({ e }: { e: LogEntryDetail }) {
  if (!e.recommendation && !e.errorCode) {
    return <p className="text-sm text-slate-700">This entry succeeded: there is nothing to troubleshoot.</p>;
  }
  return (
    <div className="space-y-3 text-sm">
      {e.recommendation ? (
        <div className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3">
          <h3 className="font-medium text-amber-900">{e.recommendation.title}</h3>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-amber-900">
            {e.recommendation.advice.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-500">Error code</dt>
        <dd className="font-mono text-xs">{e.errorCode ?? "—"}</dd>
        <dt className="text-slate-500">Error detail</dt>
        <dd className="whitespace-pre-wrap break-words">{e.errorDetail ?? "—"}</dd>
      </dl>
    </div>
  );
}

function ModifiedProperties({ e }: { e: LogEntryDetail }) {
  if (e.modifiedProperties.length === 0)
    return <p className="text-sm text-slate-700">No properties were changed by this entry.</p>;
  return (
    <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Modified properties">
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-slate-600">
          <th scope="col" className="py-1 pr-3">
            Property
          </th>
          <th scope="col" className="py-1 pr-3">
            Old value
          </th>
          <th scope="col" className="py-1">
            New value
          </th>
        </tr>
      </thead>
      <tbody>
        {e.modifiedProperties.map((p) => (
          <tr key={p.name} className="border-t border-slate-100 align-top">
            <td className="py-1.5 pr-3 font-mono text-xs">{p.name}</td>
            <td className="break-all py-1.5 pr-3 text-slate-600">
              {p.oldValue ?? <span className="text-slate-400">(none)</span>}
            </td>
            <td className="break-all py-1.5">{p.newValue ?? <span className="text-slate-400">(none)</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Summary({ e }: { e: LogEntryDetail }) {
  const rows: [string, React.ReactNode][] = [
    ["Application", e.applicationName ?? "—"],
    ["Object type", e.objectType],
    ["Identity", e.identity ?? "—"],
    [
      "Source id",
      <span className="font-mono text-xs" key="s">
        {e.sourceId ?? "—"}
      </span>,
    ],
    [
      "Target id",
      <span className="font-mono text-xs" key="t">
        {e.targetId ?? "—"}
      </span>,
    ],
    ["Cycle", e.cycle ? `${e.cycle.type} · ${e.cycle.status} · ${e.cycle.id}` : "On demand (no cycle)"],
    ["Cycle started", formatTimestamp(e.cycle?.startedAt)],
    ["Cycle ended", formatTimestamp(e.cycle?.endedAt)],
    ["Processed at", formatTimestamp(e.at)],
    ["Duration", formatDuration(e.durationMs)],
    ["Entry id", String(e.id)],
  ];
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1.5 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="break-all">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
