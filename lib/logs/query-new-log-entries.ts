import { prisma } from "../db/prisma";
import type { LogFilters } from "./log-filters";
import { SUMMARY_COLUMNS, applicationsByJob, toSummary, type LogEntrySummary, type RawLogRow } from "./log-entry-types";
import { buildLogWhere } from "./log-sql";
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
  const where = await buildLogWhere(filters, { afterId });
  const jobFilter = filters.app ? { job: { applicationId: filters.app } } : {};
  const cycleRunning = (await prisma.cycle.count({ where: { status: "Running", ...jobFilter } })) > 0;
  if (where.empty || latestId <= afterId)
    return { entries: [], latestId: Math.max(latestId, afterId), truncated: false, cycleRunning };
  const rows = await prisma.$queryRawUnsafe<RawLogRow[]>(
    `SELECT ${SUMMARY_COLUMNS} FROM "ProvisioningLogEntry" l WHERE ${where.sql} ORDER BY l."id" ASC LIMIT ?`,
    ...where.params,
    MAX_NEW + 1,
  );
  const truncated = rows.length > MAX_NEW;
  const kept = rows.slice(0, MAX_NEW);
  const apps = await applicationsByJob(kept.map((r) => r.jobId));
  const entries = kept
    .map((r) => toSummary(r, apps))
    .sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1));
  return { entries, latestId: truncated ? Number(kept[kept.length - 1]!.id) : latestId, truncated, cycleRunning };
}
