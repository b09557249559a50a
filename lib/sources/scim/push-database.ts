import type { Source } from "@prisma/client";
import { dbDate } from "../../db/prisma-row";
import { sqlStore } from "../../db/sql-store";
import { sql, type Sql } from "../../db/sql/sql";
import type { Row } from "../../db/sql/sql-store";

/**
 * The SCIM push endpoint's reads and writes, as plain SQL through the SQL store (lib/db/sql-store.ts): on
 * SQLite one long-lived connection on the database thread whose statements stay prepared, beside the event
 * loop; on PostgreSQL node-postgres. Through Prisma, each interactive transaction of the libSQL adapter
 * opens a new SQLite connection (and parses the schema again): about 35 ms of CPU per pushed user, where
 * this path needs a few. A write is one transaction of statements; a guard statement (`Sql.expecting`,
 * GuardFailedError) is "insert unless the userPrincipalName is taken", so what was checked before the
 * write is checked again inside it.
 */

/** SQLite's "UNIQUE constraint failed" (or its extended code), PostgreSQL's 23505. */
export function isUniqueViolation(e: unknown): boolean {
  const text = e instanceof Error ? `${(e as { code?: string }).code ?? ""} ${e.message}` : "";
  return /UNIQUE constraint failed|P2002|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)|^23505 |duplicate key value/i.test(text);
}

export async function pushRead(query: Sql): Promise<Row[]> {
  return sqlStore().all(query);
}

/** Runs the statements in one transaction; a guard that does not hold throws GuardFailedError. */
export async function pushWrite(statements: Sql[]): Promise<void> {
  await sqlStore().run(statements);
}

/** Splits ids into IN lists of the dialect's batch sizes (a few fixed lengths on SQLite, so statements stay prepared). */
export function* idChunks(ids: string[]): Generator<string[]> {
  let at = 0;
  for (const size of sqlStore().dialect.batches(ids.length)) yield ids.slice(at, (at += size));
}

/** `column IN (…)` in the store's dialect. */
export const inIds = (column: Sql, ids: string[]): Sql => sqlStore().dialect.inList(column, ids);

export function directoryChangeStatement(objectType: "User" | "Group", objectId: string, kind: string, at: Date): Sql {
  return sql`INSERT INTO "DirectoryChange" ("objectType", "objectId", "kind", "at") VALUES (${objectType}, ${objectId}, ${kind}, ${at})`;
}

export function sourceChangedStatement(sourceId: string, at: Date): Sql {
  return sql`UPDATE "Source" SET "lastChangeAt" = ${at}, "updatedAt" = ${at} WHERE "id" = ${sourceId}`;
}

export function upsertResourceStatement(
  sourceId: string,
  objectType: "User" | "Group",
  anchor: string,
  resource: Record<string, unknown>,
  at: Date,
): Sql {
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  const userNameKey = objectType === "User" ? (text(resource.userName)?.toLowerCase() ?? null) : null;
  const displayNameKey = text(resource.displayName)?.toLowerCase() ?? null;
  return sql`INSERT INTO "SourceResource" ("sourceId", "objectType", "anchor", "resource", "userNameKey", "externalId", "displayNameKey", "createdAt", "updatedAt") VALUES (${sourceId}, ${objectType}, ${anchor}, ${JSON.stringify(resource)}, ${userNameKey}, ${text(resource.externalId)}, ${displayNameKey}, ${at}, ${at}) ON CONFLICT ("sourceId", "objectType", "anchor") DO UPDATE SET "resource" = excluded."resource", "userNameKey" = excluded."userNameKey", "externalId" = excluded."externalId", "displayNameKey" = excluded."displayNameKey", "updatedAt" = excluded."updatedAt"`;
}

export type SourceEventValues = {
  sourceId: string;
  method: string;
  path: string;
  status: number;
  operation: "Create" | "Update" | "Delete" | "Members" | "Refused" | "Failed";
  objectType?: "User" | "Group";
  objectId?: string;
  identity?: string | null;
  detail?: string | null;
};

const MAX_TEXT = 500;
const clip = (v: string | null | undefined) =>
  v == null ? null : v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v;

/** One row of a source's recent activity (never a body or a token). */
export function sourceEventStatement(e: SourceEventValues, at: Date): Sql {
  return sql`INSERT INTO "SourceEvent" ("sourceId", "at", "method", "path", "status", "operation", "objectType", "objectId", "identity", "detail") VALUES (${e.sourceId}, ${at}, ${e.method}, ${clip(e.path)}, ${e.status}, ${e.operation}, ${e.objectType ?? null}, ${e.objectId ?? null}, ${clip(e.identity)}, ${clip(e.detail)})`;
}

/** A token row and its source, found by the token's hash: the read every push request starts with. */
export async function findSourceTokenByHash(
  tokenHash: string,
): Promise<
  | { id: string; sourceId: string; tokenHash: string; lastUsedAt: Date | null; revokedAt: Date | null; source: Source }
  | undefined
> {
  const [row] = await pushRead(
    sql`SELECT t."id", t."sourceId", t."tokenHash", t."lastUsedAt", t."revokedAt", s."name", s."kind", s."status", s."attributeMap", s."lastChangeAt", s."lastRequestAt", s."createdAt", s."updatedAt" FROM "SourceToken" t JOIN "Source" s ON s."id" = t."sourceId" WHERE t."tokenHash" = ${tokenHash}`,
  );
  if (!row) return undefined;
  const date = (v: unknown) => (v === null || v === undefined ? null : dbDate(v));
  return {
    id: String(row.id),
    sourceId: String(row.sourceId),
    tokenHash: String(row.tokenHash),
    lastUsedAt: date(row.lastUsedAt),
    revokedAt: date(row.revokedAt),
    source: {
      id: String(row.sourceId),
      name: String(row.name),
      kind: String(row.kind),
      status: String(row.status),
      attributeMap: String(row.attributeMap),
      lastChangeAt: date(row.lastChangeAt),
      lastRequestAt: date(row.lastRequestAt),
      createdAt: dbDate(row.createdAt),
      updatedAt: dbDate(row.updatedAt),
    },
  };
}
