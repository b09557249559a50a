import crypto from "node:crypto";
import { prisma } from "../../db/prisma";
import { chunkSizes, sqliteThread, type SqlStatement, type SqlValue } from "../../db/sqlite-thread";
import { sqliteDateTime } from "../../db/sqlite-values";
import type { LogAction, LogStatus, ModifiedProperty, ObjectType, Step } from "../sync-types";

export type ConnectorUpsert = {
  objectType: ObjectType;
  sourceId: string;
  targetId: string | null;
  exported: Record<string, unknown>;
  members: string[] | null;
  state: "Provisioned" | "Disabled" | "Pending";
  lastStatus: "Success" | "Failure" | "Staged" | null;
  lastError: string | null;
  failureCount: number;
};

export type LogRow = {
  objectType: ObjectType;
  sourceId: string | null;
  targetId: string | null;
  displayName: string | null;
  identity: string | null;
  action: LogAction;
  status: LogStatus;
  steps: Step[];
  modifiedProperties: ModifiedProperty[] | null;
  errorCode: string | null;
  errorDetail: string | null;
  durationMs: number | null;
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
const LOG_COLUMNS = [
  "jobId",
  "cycleId",
  "at",
  "objectType",
  "sourceId",
  "targetId",
  "displayName",
  "identity",
  "action",
  "status",
  "steps",
  "modifiedProperties",
  "errorCode",
  "errorDetail",
  "durationMs",
] as const;

/**
 * Collects the outcome of many objects and writes them together: connector data store rows (one
 * multi-row upsert per few hundred objects), deletions and provisioning log entries, in one transaction
 * per flush. A cycle never writes one transaction per object.
 */
export class ResultWriter {
  private upserts = new Map<string, ConnectorUpsert>();
  private deletes = new Set<string>();
  private logs: (LogRow & { at: Date })[] = [];

  constructor(
    private readonly jobId: string,
    private readonly cycleId: string | null,
    private readonly flushEvery = 500,
  ) {}

  get pending(): number {
    return this.upserts.size + this.deletes.size + this.logs.length;
  }

  upsert(row: ConnectorUpsert): void {
    const key = `${row.objectType}:${row.sourceId}`;
    this.deletes.delete(key);
    this.upserts.set(key, row);
  }

  forget(objectType: ObjectType, sourceId: string): void {
    const key = `${objectType}:${sourceId}`;
    this.upserts.delete(key);
    this.deletes.add(key);
  }

  log(row: LogRow): void {
    this.logs.push({ ...row, at: new Date() });
  }

  /**
   * Starts writing the collected outcomes when there are enough of them, without waiting for the write:
   * the database works while the next batch talks to the target. At most one write is in flight.
   */
  async flushIfFull(): Promise<void> {
    if (this.pending < this.flushEvery) return;
    await this.settle();
    const write = this.write();
    write.catch(() => {}); // surfaced by the next settle(); never an unhandled rejection meanwhile
    this.inFlight = write;
  }

  /** Writes everything collected so far and waits for it (and for a write already in flight). */
  async flush(): Promise<void> {
    await this.settle();
    await this.write();
  }

  private inFlight: Promise<void> | null = null;

  private async settle(): Promise<void> {
    const running = this.inFlight;
    this.inFlight = null;
    if (running) await running;
  }

  private async write(): Promise<void> {
    if (this.pending === 0) return;
    const statements = this.statements();
    const thread = sqliteThread();
    if (thread) await thread.run(statements);
    else await prisma.$transaction(statements.map((s) => prisma.$executeRawUnsafe(s.sql, ...s.params)));
  }

  /** Takes what was collected and turns it into multi-row statements of a few fixed shapes. */
  private statements(): SqlStatement[] {
    const upserts = [...this.upserts.values()];
    const deletes = [...this.deletes].map((k) => {
      const i = k.indexOf(":");
      return { objectType: k.slice(0, i), sourceId: k.slice(i + 1) };
    });
    const logs = this.logs;
    this.upserts = new Map();
    this.deletes = new Set();
    this.logs = [];
    const now = sqliteDateTime(new Date());
    const statements: SqlStatement[] = [];
    let at = 0;
    for (const size of chunkSizes(upserts.length)) {
      const slice = upserts.slice(at, (at += size));
      const params: SqlValue[] = [];
      for (const u of slice) {
        params.push(
          crypto.randomUUID(),
          this.jobId,
          u.objectType,
          u.sourceId,
          u.targetId,
          JSON.stringify(u.exported),
          u.members === null ? null : JSON.stringify(u.members),
          u.state,
          u.lastStatus,
          u.lastError,
          u.failureCount,
          now,
          now,
        );
      }
      statements.push({ sql: upsertSql(size), params });
    }
    for (const type of ["User", "Group"]) {
      const ids = deletes.filter((d) => d.objectType === type).map((d) => d.sourceId);
      at = 0;
      for (const size of chunkSizes(ids.length)) {
        statements.push({ sql: deleteSql(size), params: [this.jobId, type, ...ids.slice(at, (at += size))] });
      }
    }
    at = 0;
    for (const size of chunkSizes(logs.length)) {
      const slice = logs.slice(at, (at += size));
      const params: SqlValue[] = [];
      for (const l of slice) {
        params.push(
          this.jobId,
          this.cycleId,
          sqliteDateTime(l.at),
          l.objectType,
          l.sourceId,
          l.targetId,
          l.displayName,
          l.identity,
          l.action,
          l.status,
          JSON.stringify(l.steps),
          l.modifiedProperties ? JSON.stringify(l.modifiedProperties) : null,
          l.errorCode,
          l.errorDetail,
          l.durationMs,
        );
      }
      statements.push({ sql: logSql(size), params });
    }
    return statements;
  }
}

const rows = (count: number, columns: number) =>
  Array.from({ length: count }, () => `(${Array(columns).fill("?").join(",")})`).join(",");
const memo = <T>(f: (n: number) => T) => {
  const m = new Map<number, T>();
  return (n: number) => {
    let v = m.get(n);
    if (v === undefined) m.set(n, (v = f(n)));
    return v;
  };
};

const upsertSql = memo(
  (n) =>
    `INSERT INTO "ConnectorObject" (${UPSERT_COLUMNS.map((c) => `"${c}"`).join(",")}) VALUES ${rows(n, UPSERT_COLUMNS.length)} ` +
    `ON CONFLICT("jobId","objectType","sourceId") DO UPDATE SET "targetId"=excluded."targetId", "exported"=excluded."exported", ` +
    `"members"=excluded."members", "state"=excluded."state", "lastStatus"=excluded."lastStatus", "lastError"=excluded."lastError", ` +
    `"failureCount"=excluded."failureCount", "updatedAt"=excluded."updatedAt"`,
);
const deleteSql = memo(
  (n) =>
    `DELETE FROM "ConnectorObject" WHERE "jobId" = ? AND "objectType" = ? AND "sourceId" IN (${Array(n).fill("?").join(",")})`,
);
const logSql = memo(
  (n) =>
    `INSERT INTO "ProvisioningLogEntry" (${LOG_COLUMNS.map((c) => `"${c}"`).join(",")}) VALUES ${rows(n, LOG_COLUMNS.length)}`,
);
