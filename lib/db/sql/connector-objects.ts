import crypto from "node:crypto";
import type { Dialect } from "./dialect";
import { modelColumns } from "./model-columns";
import { sql, type Sql } from "./sql";
import type { SqlStore } from "./sql-store";

/** A connector data store row as the engine writes it (JSON already serialised). */
export type ConnectorObjectWrite = {
  objectType: string;
  sourceId: string;
  targetId: string | null;
  exported: string;
  members: string | null;
  state: string;
  lastStatus: string | null;
  lastError: string | null;
  failureCount: number;
};

/** What a cycle reads back of a connector row. */
export type ConnectorObjectRead = {
  id: string;
  objectType: string;
  sourceId: string;
  targetId: string | null;
  exported: string | null;
  members: string | null;
  state: string;
  lastStatus: string | null;
  failureCount: number;
};

const UPSERT_COLUMNS = [
  "id",
  "jobId",
  "objectType",
  "sourceId",
  "targetId",
  "exported",
  "members",
  "state",
  "lastStatus",
  "lastError",
  "failureCount",
  "createdAt",
  "updatedAt",
] as const;
const UPDATED = [
  "targetId",
  "exported",
  "members",
  "state",
  "lastStatus",
  "lastError",
  "failureCount",
  "updatedAt",
] as const;
let upsertColumns: ReturnType<typeof modelColumns> | undefined;

/** Inserts or overwrites connector rows, keyed by (job, object type, source id). */
export function upsertConnectorObjects(d: Dialect, jobId: string, rows: ConnectorObjectWrite[]): Sql[] {
  upsertColumns ??= modelColumns("ConnectorObject", UPSERT_COLUMNS);
  const now = new Date();
  return d.insertRows({
    table: "ConnectorObject",
    columns: upsertColumns,
    rows: rows.map((u) => [
      crypto.randomUUID(),
      jobId,
      u.objectType,
      u.sourceId,
      u.targetId,
      u.exported,
      u.members,
      u.state,
      u.lastStatus,
      u.lastError,
      u.failureCount,
      now,
      now,
    ]),
    onConflict: { target: ["jobId", "objectType", "sourceId"], update: UPDATED },
  });
}

/** Deletes the connector rows of these source objects. */
export function deleteConnectorObjects(d: Dialect, jobId: string, objectType: string, sourceIds: string[]): Sql[] {
  const out: Sql[] = [];
  let at = 0;
  for (const size of d.batches(sourceIds.length)) {
    const ids = sourceIds.slice(at, (at += size));
    out.push(
      sql`DELETE FROM "ConnectorObject" WHERE "jobId" = ${jobId} AND "objectType" = ${objectType} AND ${d.inList(sql`"sourceId"`, ids)}`,
    );
  }
  return out;
}

/** The connector rows of these source objects (those that have one). */
export async function selectConnectorObjects(
  store: SqlStore,
  query: { jobId: string; objectType: string; sourceIds: string[] },
): Promise<ConnectorObjectRead[]> {
  const d = store.dialect;
  const out: ConnectorObjectRead[] = [];
  let at = 0;
  for (const size of d.batches(query.sourceIds.length)) {
    const ids = query.sourceIds.slice(at, (at += size));
    const rows = await store.all(
      sql`SELECT "id","objectType","sourceId","targetId","exported","members","state","lastStatus","failureCount"
        FROM "ConnectorObject"
        WHERE "jobId" = ${query.jobId} AND "objectType" = ${query.objectType} AND ${d.inList(sql`"sourceId"`, ids)}`,
    );
    for (const r of rows) out.push(r as ConnectorObjectRead);
  }
  return out;
}
