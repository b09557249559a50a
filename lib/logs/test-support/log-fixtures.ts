import { prisma } from "../../db/prisma";
import { searchKey } from "../../db/sql/log-entries";
import { currentDialect, executeInTransaction } from "../../db/sql/prisma-sql";
import { sql } from "../../db/sql/sql";
import { createApplication } from "../../applications/create-application";

/** Test fixtures for logs: an application (with its job) and log entries written as the engine writes them. */

let counter = 0;
function uniqueName(prefix: string): string {
  counter++;
  return `${prefix} ${Date.now().toString(36)}${counter}`;
}

export async function makeLogApp(opts: { name?: string; templateId?: string } = {}) {
  const app = await createApplication(
    { templateId: opts.templateId ?? "zscaler-two", name: opts.name ?? uniqueName("Logs App") },
    "test",
  );
  const job = await prisma.provisioningJob.findUniqueOrThrow({
    where: { applicationId: app.id },
    select: { id: true },
  });
  return { appId: app.id, jobId: job.id, name: opts.name };
}

export type LogSeed = {
  at?: Date;
  cycleId?: string | null;
  objectType?: "User" | "Group";
  identity?: string | null;
  displayName?: string | null;
  sourceId?: string | null;
  targetId?: string | null;
  action?: string;
  status?: string;
  steps?: { step: string; status: string; detail: string }[];
  modifiedProperties?: { name: string; oldValue: unknown; newValue: unknown }[] | null;
  errorCode?: string | null;
  errorDetail?: string | null;
  durationMs?: number | null;
};

const defaultSteps = [
  { step: "Import", status: "Success", detail: "Read from the source directory" },
  { step: "Scope", status: "Success", detail: "In scope: assigned to the application" },
  { step: "Match", status: "Success", detail: "No matching user in the target" },
  { step: "Action", status: "Success", detail: "Created in the target" },
];

export async function writeLogEntries(jobId: string, rows: LogSeed[]): Promise<void> {
  await prisma.provisioningLogEntry.createMany({
    data: rows.map((r, i) => {
      const identity = r.identity === undefined ? `user${i}@contoso.test` : r.identity;
      const displayName = r.displayName === undefined ? `User ${i}` : r.displayName;
      return {
        jobId,
        cycleId: r.cycleId ?? null,
        at: r.at ?? new Date(),
        objectType: r.objectType ?? "User",
        identity,
        displayName,
        // As the engine writes them (lib/db/sql/log-entries.ts): the identity search reads these.
        identityKey: searchKey(identity),
        displayNameKey: searchKey(displayName),
        sourceId: r.sourceId === undefined ? `src-${i}` : r.sourceId,
        targetId: r.targetId ?? null,
        action: r.action ?? "Create",
        status: r.status ?? "Success",
        steps: JSON.stringify(r.steps ?? defaultSteps),
        modifiedProperties: r.modifiedProperties ? JSON.stringify(r.modifiedProperties) : null,
        errorCode: r.errorCode ?? null,
        errorDetail: r.errorDetail ?? null,
        durationMs: r.durationMs ?? 12,
      };
    }),
  });
}

/**
 * Many entries at once, as writeLogEntries writes them (one per second up to now, users user0…, the default
 * steps and one modified property), in one SQL statement: 100,000 take about a second instead of a minute.
 */
export async function seedLogEntries(jobId: string, count: number): Promise<void> {
  const start = Date.now() - count * 1000;
  const steps = JSON.stringify(defaultSteps);
  const columns = sql`INSERT INTO "ProvisioningLogEntry" ("jobId", "at", "objectType", "identity", "identityKey",
       "displayName", "displayNameKey", "sourceId", "action", "status", "steps", "modifiedProperties", "durationMs")`;
  const rest = sql`'User', 'user' || i || '@contoso.test', 'user' || i || '@contoso.test', 'User ' || i, 'user ' || i,
       'src-' || i, 'Create', 'Success', ${steps},
       '[{"name":"displayName","oldValue":null,"newValue":"User ' || i || '"}]', 12`;
  await executeInTransaction(
    prisma,
    currentDialect().name === "postgres"
      ? sql`${columns}
     SELECT ${jobId}, to_timestamp((CAST(${start} AS BIGINT) + i * 1000) / 1000.0) AT TIME ZONE 'UTC', ${rest}
     FROM generate_series(0, CAST(${count} AS INTEGER) - 1) AS n(i)`
      : sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${count})
     ${columns}
     SELECT ${jobId}, strftime('%Y-%m-%dT%H:%M:%S.000+00:00', (${start} + i * 1000) / 1000.0, 'unixepoch'), ${rest}
     FROM n`,
  );
}

export async function makeCycle(
  jobId: string,
  data: Partial<{
    type: string;
    status: string;
    startedAt: Date;
    endedAt: Date | null;
    created: number;
    updated: number;
    disabled: number;
    deleted: number;
    failed: number;
    skipped: number;
    requests: number;
    total: number;
    processed: number;
    error: string | null;
  }> = {},
) {
  return prisma.cycle.create({ data: { jobId, type: "Initial", status: "Succeeded", ...data } });
}
