"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { LogEntrySummary } from "@/lib/logs/log-entry-types";
import type { LogPage } from "@/lib/logs/query-log-entries";
import type { NewLogEntries } from "@/lib/logs/query-new-log-entries";
import { fetchJson } from "./log-format";

function byNewest(a: LogEntrySummary, b: LogEntrySummary): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return b.id - a.id;
}

/**
 * The log rows on screen: the first page comes from the server; "Load more" follows the keyset cursor; the
 * live view polls for entries written since the newest id seen and merges them in place (only above the
 * last loaded row: older ones arrive with "Load more" anyway, so nothing shows twice).
 */
export function useLogRows(initial: LogPage, query: string) {
  const router = useRouter();
  const [liveOn, setLiveOn] = useState(true);
  const [liveRows, setLiveRows] = useState<LogEntrySummary[]>([]);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
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

  return { rows, fresh, pages, live, liveOn, setLiveOn };
}
