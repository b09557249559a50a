import { deleteConnectorObjects, upsertConnectorObjects } from "../../db/sql/connector-objects";
import { insertLogEntries } from "../../db/sql/log-entries";
import type { Dialect } from "../../db/sql/dialect";
import type { Sql } from "../../db/sql/sql";
import { sqlStore } from "../../db/sql-store";
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
    const store = sqlStore();
    await store.run(this.statements(store.dialect));
  }

  /** Takes what was collected and turns it into multi-row statements (see the dialect's batches). */
  private statements(d: Dialect): Sql[] {
    const upserts = [...this.upserts.values()];
    const deletes = [...this.deletes].map((k) => {
      const i = k.indexOf(":");
      return { objectType: k.slice(0, i), sourceId: k.slice(i + 1) };
    });
    const logs = this.logs;
    this.upserts = new Map();
    this.deletes = new Set();
    this.logs = [];
    const statements = upsertConnectorObjects(
      d,
      this.jobId,
      upserts.map((u) => ({
        ...u,
        exported: JSON.stringify(u.exported),
        members: u.members === null ? null : JSON.stringify(u.members),
      })),
    );
    for (const type of ["User", "Group"]) {
      const ids = deletes.filter((x) => x.objectType === type).map((x) => x.sourceId);
      statements.push(...deleteConnectorObjects(d, this.jobId, type, ids));
    }
    statements.push(
      ...insertLogEntries(
        d,
        logs.map((l) => ({
          ...l,
          jobId: this.jobId,
          cycleId: this.cycleId,
          steps: JSON.stringify(l.steps),
          modifiedProperties: l.modifiedProperties ? JSON.stringify(l.modifiedProperties) : null,
        })),
      ),
    );
    return statements;
  }
}
