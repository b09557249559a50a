import { prisma } from "../db/prisma";
import { selectLogRows } from "../db/sql/log-entries";
import { sqlStore } from "../db/sql-store";
import type { LogFilters } from "./log-filters";
import { applicationsByJob, toSummary, type LogEntrySummary } from "./log-entry-types";
import { resolveLogQuery } from "./resolve-log-query";
import { readLatestId } from "./query-log-entries";

export type NewLogEntries = {
  /** Entries written after `afterId` that match the filters, newest first. */
  entries: LogEntrySummary[];
  latestId: number;
  /** More new entries than one poll returns: the view should reload its first page. */
  truncated: boolean;
  /** A cycle is running for the filtered application (or any application): keep polling quickly. */
  cycleRunning: boolean;
};

const MAX_NEW = 200;

/**
 * The live view: entries whose id is above the last one the page saw. Ids only grow, so this catches
 * every entry written since, including one whose time sorts below the newest shown.
 */
export async function queryNewLogEntries(filters: LogFilters, afterId: number): Promise<NewLogEntries> {
  const latestId = await readLatestId();
  const query = await resolveLogQuery(filters, { afterId });
  const jobFilter = filters.app ? { job: { applicationId: filters.app } } : {};
  const cycleRunning = (await prisma.cycle.count({ where: { status: "Running", ...jobFilter } })) > 0;
  if (!query || latestId <= afterId)
    return { entries: [], latestId: Math.max(latestId, afterId), truncated: false, cycleRunning };
  const rows = await selectLogRows(sqlStore(), query, { order: "id", limit: MAX_NEW + 1 });
  const truncated = rows.length > MAX_NEW;
  const kept = rows.slice(0, MAX_NEW);
  const apps = await applicationsByJob(kept.map((r) => r.jobId));
  const entries = kept
    .map((r) => toSummary(r, apps))
    .sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1));
  return { entries, latestId: truncated ? Number(kept[kept.length - 1]!.id) : latestId, truncated, cycleRunning };
}
