"use client";

import Link from "next/link";
import { useState } from "react";
import type { LogEntrySummary } from "@/lib/logs/log-entry-types";
import type { LogPage } from "@/lib/logs/query-log-entries";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { LogStatusBadge } from "./log-status-badge";
import { LogDetailDialog } from "./log-detail-dialog";
import { LogDownloadLinks } from "./log-download-links";
import { shortId } from "./log-format";
import { useLogRows } from "./use-log-rows";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

type RowLinks = { basePath: string; showApplication: boolean };

/** The logs table, with live updates, "Load more", downloads, and each entry's details in a dialog. */
export function LogsExplorer({
  initial,
  query,
  basePath,
  showApplication,
  hasFilters,
  emptyHint,
}: {
  initial: LogPage;
  /** The filters as a query string, without cursor. */
  query: string;
  /** The page's own path, for links that filter by cycle. */
  basePath: string;
  showApplication: boolean;
  hasFilters: boolean;
  emptyHint: React.ReactNode;
}) {
  const { rows, fresh, pages, live, liveOn, setLiveOn } = useLogRows(initial, query);
  const [openId, setOpenId] = useState<number | null>(null);
  const sep = query ? "&" : "";
  const exportHref = (format: "csv" | "json") => `/api/logs/export?format=${format}${sep}${query}`;
  const cycleRunning = Boolean(live.data?.cycleRunning);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <p className="text-sm text-slate-600" aria-live="polite">
          {rows.length === 0
            ? "No entries"
            : `${rows.length} entr${rows.length === 1 ? "y" : "ies"} shown${pages.hasNextPage ? ", more available" : ""}`}
        </p>
        <span
          className="inline-flex items-center gap-1.5 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
          role="status"
        >
          <span
            aria-hidden="true"
            className={`h-2 w-2 rounded-full ${!liveOn ? "bg-slate-400" : cycleRunning ? "motion-safe:animate-pulse bg-emerald-500" : "bg-emerald-500"}`}
          />
          {!liveOn ? "Live updates paused" : cycleRunning ? "Live: a cycle is running" : "Live updates on"}
        </span>
        {live.error ? <span className="text-xs text-red-700">Live updates failed: {live.error.message}</span> : null}
        <div className="ml-auto flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={() => setLiveOn((v) => !v)} aria-pressed={!liveOn}>
            {liveOn ? "Pause live updates" : "Resume live updates"}
          </Button>
          <LogDownloadLinks href={exportHref} />
        </div>
      </div>

      {rows.length === 0 ? (
        <EmptyState title={hasFilters ? "No log entries match these filters" : "No provisioning log entries yet"}>
          {hasFilters ? "Widen the date range or clear a filter." : emptyHint}
        </EmptyState>
      ) : (
        <Table aria-label="Provisioning log entries">
          <thead>
            <tr>
              <Th>Date</Th>
              <Th>Identity</Th>
              <Th>Action</Th>
              <Th>Status</Th>
              {showApplication ? <Th>Application</Th> : null}
              <Th>Cycle</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <LogEntryRow
                key={r.id}
                entry={r}
                fresh={fresh.has(r.id)}
                onOpen={() => setOpenId(r.id)}
                basePath={basePath}
                showApplication={showApplication}
              />
            ))}
          </tbody>
        </Table>
      )}

      {pages.error ? (
        <Alert tone="error" title="More entries could not be loaded">
          {pages.error.message}
        </Alert>
      ) : null}
      {pages.hasNextPage ? (
        <div className="flex justify-center">
          <Button onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : rows.length > 0 ? (
        <p className="text-center text-xs text-slate-500">End of the log for these filters.</p>
      ) : null}

      <LogDetailDialog entryId={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

/** One entry: the identity opens its details; the cycle link shows only that cycle's entries. */
function LogEntryRow({
  entry: r,
  fresh,
  onOpen,
  basePath,
  showApplication,
}: { entry: LogEntrySummary; fresh: boolean; onOpen: () => void } & RowLinks) {
  return (
    <Tr className={fresh ? "bg-blue-50/60" : ""}>
      <Td className="whitespace-nowrap text-slate-600">{formatTimestamp(r.at)}</Td>
      <Td>
        <button
          type="button"
          onClick={onOpen}
          className="text-left font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
          aria-label={`Details for ${r.displayName ?? r.identity ?? "entry"} (${r.action}, ${r.status})`}
        >
          {r.displayName ?? r.identity ?? "(no name)"}
        </button>
        {r.identity && r.identity !== r.displayName ? <div className="text-xs text-slate-500">{r.identity}</div> : null}
      </Td>
      <Td>
        {r.action === "StagedDelete" ? "Staged delete" : r.action}
        <span className="ml-1 text-xs text-slate-500">{r.objectType}</span>
      </Td>
      <Td>
        <LogStatusBadge status={r.status} />
        {r.errorCode ? <div className="mt-0.5 text-xs text-slate-500">{r.errorCode}</div> : null}
      </Td>
      {showApplication ? (
        <Td>
          {r.applicationId ? (
            <Link href={`/applications/${r.applicationId}/logs`} className="text-blue-700 hover:underline">
              {r.applicationName}
            </Link>
          ) : (
            "—"
          )}
        </Td>
      ) : null}
      <Td>
        {r.cycleId ? (
          <Link
            href={`${basePath}?cycle=${encodeURIComponent(r.cycleId)}${showApplication && r.applicationId ? `&app=${r.applicationId}` : ""}`}
            className="font-mono text-xs text-blue-700 hover:underline"
            title={`Only entries of cycle ${r.cycleId}`}
          >
            {shortId(r.cycleId)}
          </Link>
        ) : (
          <span className="text-xs text-slate-500">On demand</span>
        )}
      </Td>
    </Tr>
  );
}
