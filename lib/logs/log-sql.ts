import { prisma } from "../db/prisma";
import { sqliteDateTime } from "../db/sqlite-values";
import type { LogCursor } from "./log-cursor";
import { resolveDateRange, type LogFilters } from "./log-filters";

/** Prisma stores DateTime in SQLite as ISO text with "+00:00"; raw comparisons must use the same form. */
export const sqlDate = sqliteDateTime;

/** SQLite's lower() folds ASCII only: fold the query the same way so the expression index matches. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

const PREFIX_END = String.fromCodePoint(0x10ffff);

/** Index-only capped counts: does the prefix match more entries than a sort should handle? */
const COMMON_PREFIX_MATCHES = 5000;
async function isCommonPrefix(lo: string, hi: string): Promise<boolean> {
  const rows = await prisma.$queryRawUnsafe<{ n: number | bigint }[]>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM "ProvisioningLogEntry" WHERE lower("identity") >= ? AND lower("identity") < ? LIMIT ${COMMON_PREFIX_MATCHES})) + ` +
      `(SELECT count(*) FROM (SELECT 1 FROM "ProvisioningLogEntry" WHERE lower("displayName") >= ? AND lower("displayName") < ? LIMIT ${COMMON_PREFIX_MATCHES})) AS n`,
    lo,
    hi,
    lo,
    hi,
  );
  return Number(rows[0]?.n ?? 0) >= COMMON_PREFIX_MATCHES;
}

export type LogWhere = { sql: string; params: unknown[]; empty: boolean };

/**
 * Builds the WHERE clause of a logs query from the filters. Every condition is a parameter; column names
 * are fixed. The application filter becomes the job id (one job per application), found first, so each
 * filter maps onto one index: (jobId, at), (status, at), (action, at), (cycleId, at), or the identity
 * indexes (lower(identity), lower(displayName), sourceId, targetId).
 *
 * Identity search is a case-insensitive PREFIX match on the UPN and the display name, or an EXACT match on
 * the source or target id. A "contains" search would read every row (no index can serve it), which with a
 * million entries costs seconds; a prefix or equality reads only the matching index range.
 */
export async function buildLogWhere(
  f: LogFilters,
  opts: { cursor?: LogCursor; afterId?: number; now?: Date } = {},
): Promise<LogWhere> {
  const conds: string[] = [];
  const params: unknown[] = [];
  if (f.app) {
    const job = await prisma.provisioningJob.findUnique({ where: { applicationId: f.app }, select: { id: true } });
    if (!job) return { sql: "0", params: [], empty: true };
    conds.push(`l."jobId" = ?`);
    params.push(job.id);
  }
  const { from, to } = resolveDateRange(f, opts.now);
  if (from) {
    conds.push(`l."at" >= ?`);
    params.push(sqlDate(from));
  }
  if (to) {
    conds.push(`l."at" < ?`);
    params.push(sqlDate(to));
  }
  if (f.status) {
    conds.push(`l."status" = ?`);
    params.push(f.status);
  }
  if (f.action) {
    conds.push(`l."action" = ?`);
    params.push(f.action);
  }
  if (f.cycle) {
    conds.push(`l."cycleId" = ?`);
    params.push(f.cycle);
  }
  if (f.q) {
    const lo = asciiLower(f.q);
    const hi = lo + PREFIX_END;
    if (await isCommonPrefix(lo, hi)) {
      // Thousands of entries match (a short prefix such as "a"): walk the date order and test each row;
      // matches are dense, so a page fills after a few thousand rows instead of sorting every match.
      const n = [...lo].length;
      conds.push(
        `(substr(lower(l."identity"), 1, ?) = ? OR substr(lower(l."displayName"), 1, ?) = ? OR l."sourceId" = ? OR l."targetId" = ?)`,
      );
      params.push(n, lo, n, lo, f.q, f.q);
    } else {
      // Few matches: a UNION of four index range reads gives a small set of ids, sorted afterwards.
      conds.push(
        `l."id" IN (SELECT "id" FROM "ProvisioningLogEntry" WHERE lower("identity") >= ? AND lower("identity") < ? ` +
          `UNION SELECT "id" FROM "ProvisioningLogEntry" WHERE lower("displayName") >= ? AND lower("displayName") < ? ` +
          `UNION SELECT "id" FROM "ProvisioningLogEntry" WHERE "sourceId" = ? ` +
          `UNION SELECT "id" FROM "ProvisioningLogEntry" WHERE "targetId" = ?)`,
      );
      params.push(lo, hi, lo, hi, f.q, f.q);
    }
  }
  if (opts.cursor) {
    // Keyset: strictly after the cursor in (at DESC, id DESC) order.
    const at = sqlDate(opts.cursor.at);
    conds.push(`l."at" <= ? AND (l."at" < ? OR l."id" < ?)`);
    params.push(at, at, opts.cursor.id);
  }
  if (opts.afterId !== undefined) {
    conds.push(`l."id" > ?`);
    params.push(opts.afterId);
  }
  return { sql: conds.length ? conds.join(" AND ") : "1", params, empty: false };
}
