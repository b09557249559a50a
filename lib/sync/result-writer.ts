import crypto from "node:crypto";
import { prisma } from "../db/prisma";
import type { LogAction, LogStatus, ModifiedProperty, ObjectType, Step } from "./sync-types";

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
const ROWS_PER_STATEMENT = 400;
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
    const upserts = [...this.upserts.values()];
    const deletes = [...this.deletes].map((k) => {
      const i = k.indexOf(":");
      return { objectType: k.slice(0, i), sourceId: k.slice(i + 1) };
    });
    const logs = this.logs;
    this.upserts = new Map();
    this.deletes = new Set();
    this.logs = [];
    const now = new Date();
    const statements = [];
    for (let i = 0; i < upserts.length; i += ROWS_PER_STATEMENT) {
      const slice = upserts.slice(i, i + ROWS_PER_STATEMENT);
      const params: unknown[] = [];
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
      const placeholders = slice.map(() => `(${UPSERT_COLUMNS.map(() => "?").join(",")})`).join(",");
      const sql =
        `INSERT INTO "ConnectorObject" (${UPSERT_COLUMNS.map((c) => `"${c}"`).join(",")}) VALUES ${placeholders} ` +
        `ON CONFLICT("jobId","objectType","sourceId") DO UPDATE SET "targetId"=excluded."targetId", "exported"=excluded."exported", ` +
        `"members"=excluded."members", "state"=excluded."state", "lastStatus"=excluded."lastStatus", "lastError"=excluded."lastError", ` +
        `"failureCount"=excluded."failureCount", "updatedAt"=excluded."updatedAt"`;
      statements.push(prisma.$executeRawUnsafe(sql, ...params));
    }
    for (const type of ["User", "Group"]) {
      const ids = deletes.filter((d) => d.objectType === type).map((d) => d.sourceId);
      for (let i = 0; i < ids.length; i += 500) {
        statements.push(prisma.connectorObject.deleteMany({ where: { jobId: this.jobId, objectType: type, sourceId: { in: ids.slice(i, i + 500) } } }));
      }
    }
    // Multi-row INSERTs: one statement per few hundred log entries (createMany would go through the
    // query compiler row by row, which costs more CPU and memory at 100,000 entries a cycle).
    for (let i = 0; i < logs.length; i += ROWS_PER_STATEMENT) {
      const slice = logs.slice(i, i + ROWS_PER_STATEMENT);
      const params: unknown[] = [];
      for (const l of slice) {
        params.push(
          this.jobId,
          this.cycleId,
          l.at,
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
      const placeholders = slice.map(() => `(${LOG_COLUMNS.map(() => "?").join(",")})`).join(",");
      statements.push(prisma.$executeRawUnsafe(`INSERT INTO "ProvisioningLogEntry" (${LOG_COLUMNS.map((c) => `"${c}"`).join(",")}) VALUES ${placeholders}`, ...params));
    }
    await prisma.$transaction(statements);
  }
}
