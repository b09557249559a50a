import { selectLatestLogId, selectLogRows } from "../db/sql/log-entries";
import { sqlStore } from "../db/sql-store";
import { decodeLogCursor, encodeLogCursor } from "./log-cursor";
import type { LogFilters } from "./log-filters";
import { applicationsByJob, rawDate, toSummary, type LogEntrySummary } from "./log-entry-types";
import { resolveLogQuery } from "./resolve-log-query";

const LOG_PAGE_SIZE = 50;

export type LogPage = {
  entries: LogEntrySummary[];
  /** Cursor of the next (older) page, or null on the last page. */
  nextCursor: string | null;
  /** The newest entry id in the whole log when this page was read: the live view asks for ids above it. */
  latestId: number;
};

/**
 * One page of provisioning log entries, newest first, by keyset: (at DESC, id DESC) after the cursor.
 * Unlike OFFSET paging, the cost does not grow with the page number, and entries written while an admin
 * pages through never shift a page (no duplicate, no miss).
 */
export async function queryLogEntries(
  filters: LogFilters,
  opts: { cursor?: string | null; limit?: number; now?: Date } = {},
): Promise<LogPage> {
  const limit = Math.min(Math.max(opts.limit ?? LOG_PAGE_SIZE, 1), 500);
  const latestId = await readLatestId();
  const query = await resolveLogQuery(filters, {
    cursor: opts.cursor ? decodeLogCursor(opts.cursor) : undefined,
    now: opts.now,
  });
  if (!query) return { entries: [], nextCursor: null, latestId };
  const rows = await selectLogRows(sqlStore(), query, { order: "newest", limit: limit + 1 });
  const page = rows.slice(0, limit);
  const apps = await applicationsByJob(page.map((r) => r.jobId));
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => toSummary(r, apps)),
    nextCursor: rows.length > limit && last ? encodeLogCursor({ at: rawDate(last.at), id: Number(last.id) }) : null,
    latestId,
  };
}

export async function readLatestId(): Promise<number> {
  return selectLatestLogId(sqlStore());
}
