"use client";

import { useQuery } from "@tanstack/react-query";
import type { JobProgress } from "@/lib/sync/cycle/get-job-progress";

async function fetchJobProgress(jobId: string): Promise<JobProgress> {
  const res = await fetch(`/api/jobs/${encodeURIComponent(jobId)}/progress`, { cache: "no-store" });
  if (!res.ok) throw new Error(`The server answered ${res.status}.`);
  return res.json();
}

/**
 * The job's status as the running cycles change it, from the same query the cycle progress card polls
 * (["job-progress", jobId]), so a card rendered with the page's first status does not keep saying "Not run"
 * after the initial cycle. `saved` is the status the page was rendered with, used until the first answer.
 */
export function useLiveJobStatus(jobId: string | null, saved: string): string {
  const query = useQuery({
    queryKey: ["job-progress", jobId],
    queryFn: () => fetchJobProgress(jobId ?? ""),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.current ? 1000 : 5000),
  });
  return query.data?.status ?? saved;
}
