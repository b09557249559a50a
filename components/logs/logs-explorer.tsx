"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { LogEntrySummary } from "@/lib/logs/log-entry-types";
import type { LogPage } from "@/lib/logs/query-log-entries";
import type { NewLogEntries } from "@/lib/logs/query-new-log-entries";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { LogStatusBadge } from "./log-status-badge";
import { LogDetailDialog } from "./log-detail-dialog";
import { fetchJson, formatLogDate, shortId } from "./log-format";

function byNewest(a: LogEntrySummary, b: LogEntrySummary): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return b.id - a.id;
}

/**
 * The logs table: the first page comes from the server; "Load more" follows the keyset cursor; the live
 * view polls for entries written since the newest id seen and merges them in place (only above the last
 * loaded row: older ones arrive with "Load more" anyway, so nothing shows twice).
 */
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
  const router = useRouter();
  const [liveOn, setLiveOn] = useState(true);
  const [liveRows, setLiveRows] = useState<LogEntrySummary[]>([]);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const [openId, setOpenId] = useState<number | null>(null);
  const latestId = useRef(initial.latestId);
  const sep = query ? "&" : "";

  const pages = useInfiniteQuery({
    queryKey: ["logs", "pages", query, initial.latestId],
    queryFn: ({ pageParam }) =>
      fetchJson<LogPage>(`/api/logs?${query}${sep}cursor=${encodeURIComponent(pageParam ?? "")}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [initial], pageParams: [null] },
    staleTime: Infinity,
  });

  const live = useQuery({
    queryKey: ["logs", "live", query, initial.latestId],
    queryFn: () => fetchJson<NewLogEntries>(`/api/logs?${query}${sep}after=${latestId.current}`),
    enabled: liveOn,
    refetchInterval: (q) => (q.state.data?.cycleRunning ? 2_000 : 10_000),
    refetchIntervalInBackground: false,
    staleTime: 0,
  });

  useEffect(() => {
    const data = live.data;
    if (!data) return;
    if (data.truncated) {
      // More new entries than one poll carries: start again from the newest page.
      router.refresh();
      return;
    }
    if (data.latestId > latestId.current) latestId.current = data.latestId;
    if (data.entries.length === 0) return;
    setLiveRows((prev) => {
      const seen = new Set(prev.map((r) => r.id));
      return [...prev, ...data.entries.filter((e) => !seen.has(e.id))];
    });
    setFresh(new Set(data.entries.map((e) => e.id)));
  }, [live.data, router]);

  const loaded = pages.data.pages.flatMap((p) => p.entries);
  const bottom = loaded[loaded.length - 1];
  const rows = useMemo(() => {
    const ids = new Set(loaded.map((r) => r.id));
    // Live rows below the last loaded row come with "Load more"; above it they are merged in place.
    const extra = liveRows.filter((r) => !ids.has(r.id) && (!pages.hasNextPage || !bottom || byNewest(r, bottom) < 0));
    return [...loaded, ...extra].sort(byNewest);
  }, [loaded, liveRows, pages.hasNextPage, bottom]);

  const exportHref = (format: "csv" | "json") => `/api/logs/export?format=${format}${sep}${query}`;

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
            className={`h-2 w-2 rounded-full ${!liveOn ? "bg-slate-400" : live.data?.cycleRunning ? "animate-pulse bg-emerald-500" : "bg-emerald-500"}`}
          />
          {!liveOn ? "Live updates paused" : live.data?.cycleRunning ? "Live: a cycle is running" : "Live updates on"}
        </span>
        {live.error ? <span className="text-xs text-red-700">Live updates failed: {live.error.message}</span> : null}
        <div className="ml-auto flex gap-2">
          <Button variant="ghost" onClick={() => setLiveOn((v) => !v)} aria-pressed={!liveOn}>
            {liveOn ? "Pause live updates" : "Resume live updates"}
          </Button>
          <a className={buttonClass("secondary")} href={exportHref("csv")} download>
            Download CSV
          </a>
          <a className={buttonClass("secondary")} href={exportHref("json")} download>
            Download JSON
          </a>
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
              <Tr key={r.id} className={fresh.has(r.id) ? "bg-blue-50/60" : ""}>
                <Td className="whitespace-nowrap text-slate-600">{formatLogDate(r.at)}</Td>
                <Td>
                  <button
                    type="button"
                    onClick={() => setOpenId(r.id)}
                    className="text-left font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
                    aria-label={`Details for ${r.displayName ?? r.identity ?? "entry"} (${r.action}, ${r.status})`}
                  >
                    {r.displayName ?? r.identity ?? "(no name)"}
                  </button>
                  {r.identity && r.identity !== r.displayName ? (
                    <div className="text-xs text-slate-500">{r.identity}</div>
                  ) : null}
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
