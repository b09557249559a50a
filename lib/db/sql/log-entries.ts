import type { SqlStore } from "./sql-store";
import { modelColumns } from "./model-columns";
import { join, raw, sql, type Sql, type SqlParam } from "./sql";
import type { Dialect } from "./dialect";

/** A provisioning log entry as the engine writes it (JSON already serialised). */
export type LogEntryWrite = {
  jobId: string;
  cycleId: string | null;
  at: Date;
  objectType: string;
  sourceId: string | null;
  targetId: string | null;
  displayName: string | null;
  identity: string | null;
  action: string;
  status: string;
  steps: string;
  modifiedProperties: string | null;
  errorCode: string | null;
  errorDetail: string | null;
  durationMs: number | null;
};

/** A log row as the logs pages read it: the summary columns, and the details for an export. */
export type LogRowRead = {
  id: number | bigint;
  at: string | Date;
  jobId: string;
  cycleId: string | null;
  objectType: string;
  identity: string | null;
  displayName: string | null;
  sourceId: string | null;
  targetId: string | null;
  action: string;
  status: string;
  errorCode: string | null;
  durationMs: number | bigint | null;
  errorDetail?: string | null;
  steps?: string | null;
  modifiedProperties?: string | null;
};

const WRITE_COLUMNS = [
  "jobId",
  "cycleId",
  "at",
  "objectType",
  "sourceId",
  "targetId",
  "displayName",
  "identity",
  "identityKey",
  "displayNameKey",
  "action",
  "status",
  "steps",
  "modifiedProperties",
  "errorCode",
  "errorDetail",
  "durationMs",
] as const;
let writeColumns: ReturnType<typeof modelColumns> | undefined;

/** The lower-cased key the identity search compares (see the key columns in schema.prisma). */
export function searchKey(s: string | null): string | null {
  return s === null ? null : s.toLowerCase();
}

/** Multi-row inserts of log entries, with their lower-cased search keys. */
export function insertLogEntries(d: Dialect, entries: LogEntryWrite[]): Sql[] {
  writeColumns ??= modelColumns("ProvisioningLogEntry", WRITE_COLUMNS);
  const rows: SqlParam[][] = entries.map((e) => [
    e.jobId,
    e.cycleId,
    e.at,
    e.objectType,
    e.sourceId,
    e.targetId,
    e.displayName,
    e.identity,
    searchKey(e.identity),
    searchKey(e.displayName),
    e.action,
    e.status,
    e.steps,
    e.modifiedProperties,
    e.errorCode,
    e.errorDetail,
    e.durationMs,
  ]);
  return d.insertRows({ table: "ProvisioningLogEntry", columns: writeColumns, rows });
}

/** What a logs query filters on, resolved by lib/logs (the application's job, the date range). */
export type LogQuery = {
  jobId?: string;
  from?: Date;
  to?: Date;
  status?: string;
  action?: string;
  cycleId?: string;
  /** Identity search: a prefix of the UPN or display name (any case), or an exact source or target id. */
  q?: string;
  /** Keyset: entries strictly after this one in (at DESC, id DESC) order. */
  before?: { at: Date; id: number };
  /** The live view: entries written after this id. */
  afterId?: number;
};

const SUMMARY = raw(
  `l."id", l."at", l."jobId", l."cycleId", l."objectType", l."identity", l."displayName", l."sourceId", l."targetId", l."action", l."status", l."errorCode", l."durationMs"`,
);
const DETAILS = raw(`, l."errorDetail", l."steps", l."modifiedProperties"`);

/** Index-only capped counts: does the prefix match more entries than a sort should handle? */
const COMMON_PREFIX_MATCHES = 5000;

async function isCommonPrefix(store: SqlStore, prefix: string): Promise<boolean> {
  const d = store.dialect;
  const capped = (column: string) =>
    sql`(SELECT count(*) FROM (SELECT 1 FROM "ProvisioningLogEntry" WHERE ${d.keyPrefix(raw(`"${column}"`), prefix)} LIMIT ${COMMON_PREFIX_MATCHES}) AS m)`;
  const rows = await store.all(sql`SELECT ${capped("identityKey")} + ${capped("displayNameKey")} AS n`);
  return Number(rows[0]?.n ?? 0) >= COMMON_PREFIX_MATCHES;
}

/**
 * The WHERE clause of a logs query. Every condition is a parameter; column names are fixed. Each filter
 * maps onto one index: (jobId, at), (status, at), (action, at), (cycleId, at), or the identity indexes
 * (identityKey, displayNameKey, sourceId, targetId).
 *
 * Identity search is a case-insensitive PREFIX match on the UPN and the display name, or an EXACT match on
 * the source or target id. A "contains" search would read every row (no index can serve it), which with a
 * million entries costs seconds; a prefix or equality reads only the matching index range.
 */
async function logWhere(store: SqlStore, query: LogQuery): Promise<Sql> {
  const d = store.dialect;
  const conds: Sql[] = [];
  if (query.jobId !== undefined) conds.push(sql`l."jobId" = ${query.jobId}`);
  if (query.from) conds.push(sql`l."at" >= ${query.from}`);
  if (query.to) conds.push(sql`l."at" < ${query.to}`);
  if (query.status) conds.push(sql`l."status" = ${query.status}`);
  if (query.action) conds.push(sql`l."action" = ${query.action}`);
  if (query.cycleId) conds.push(sql`l."cycleId" = ${query.cycleId}`);
  if (query.q) {
    const prefix = searchKey(query.q)!;
    if (await isCommonPrefix(store, prefix)) {
      // Thousands of entries match (a short prefix such as "a"): walk the date order and test each row;
      // matches are dense, so a page fills after a few thousand rows instead of sorting every match.
      const n = [...prefix].length;
      conds.push(
        sql`(substr(l."identityKey", 1, ${n}) = ${prefix} OR substr(l."displayNameKey", 1, ${n}) = ${prefix} OR l."sourceId" = ${query.q} OR l."targetId" = ${query.q})`,
      );
    } else {
      // Few matches: a UNION of four index range reads gives a small set of ids, sorted afterwards.
      const identity = d.keyPrefix(raw(`"identityKey"`), prefix);
      const displayName = d.keyPrefix(raw(`"displayNameKey"`), prefix);
      conds.push(sql`l."id" IN (SELECT "id" FROM "ProvisioningLogEntry" WHERE ${identity}
        UNION SELECT "id" FROM "ProvisioningLogEntry" WHERE ${displayName}
        UNION SELECT "id" FROM "ProvisioningLogEntry" WHERE "sourceId" = ${query.q}
        UNION SELECT "id" FROM "ProvisioningLogEntry" WHERE "targetId" = ${query.q})`);
    }
  }
  if (query.before) {
    const { at, id } = query.before;
    conds.push(sql`l."at" <= ${at} AND (l."at" < ${at} OR l."id" < ${id})`);
  }
  if (query.afterId !== undefined) conds.push(sql`l."id" > ${query.afterId}`);
  return conds.length ? join(conds, " AND ") : raw("1 = 1");
}

/**
 * Log rows matching the query: newest first (pages, exports), or in id order (the live view's new entries).
 */
export async function selectLogRows(
  store: SqlStore,
  query: LogQuery,
  opts: { order: "newest" | "id"; limit: number; details?: boolean },
): Promise<LogRowRead[]> {
  const where = await logWhere(store, query);
  const order = opts.order === "newest" ? raw(`l."at" DESC, l."id" DESC`) : raw(`l."id" ASC`);
  const columns = opts.details ? sql`${SUMMARY}${DETAILS}` : SUMMARY;
  return (await store.all(
    sql`SELECT ${columns} FROM "ProvisioningLogEntry" l WHERE ${where} ORDER BY ${order} LIMIT ${opts.limit}`,
  )) as LogRowRead[];
}

/** The newest entry id in the whole log (0 when it is empty). */
export async function selectLatestLogId(store: SqlStore): Promise<number> {
  const rows = await store.all(sql`SELECT MAX("id") AS m FROM "ProvisioningLogEntry"`);
  return Number(rows[0]?.m ?? 0);
}

/** Deletes up to `limit` entries older than `cutoff`, as one short statement; returns how many went. */
export async function deleteLogEntriesBefore(store: SqlStore, cutoff: Date, limit: number): Promise<number> {
  return store.run([
    sql`DELETE FROM "ProvisioningLogEntry" WHERE "id" IN (SELECT "id" FROM "ProvisioningLogEntry" WHERE "at" < ${cutoff} LIMIT ${limit})`,
  ]);
}
