import { prisma } from "../db/prisma";
import type { LogCursor } from "./log-cursor";
import type { LogFilters } from "./log-filters";
import {
  SUMMARY_COLUMNS,
  applicationsByJob,
  rawDate,
  toSummary,
  type LogEntrySummary,
  type RawLogRow,
} from "./log-entry-types";
import { buildLogWhere } from "./log-sql";
import { csvRow } from "./csv";

export type ExportFormat = "csv" | "json";

const BATCH = 1000;

const CSV_HEADER = [
  "Date (UTC)",
  "Application",
  "Cycle",
  "Object type",
  "Identity",
  "Display name",
  "Source id",
  "Target id",
  "Action",
  "Status",
  "Error code",
  "Error detail",
  "Duration (ms)",
  "Modified properties",
  "Steps",
];

/** A log row as exported: the table's summary with the application's name, the error and the steps. */
type ExportRow = Omit<LogEntrySummary, "jobId" | "applicationId" | "applicationName"> & {
  application: string | null;
  errorDetail: string | null;
  modifiedProperties: unknown;
  steps: unknown;
};

function parse(text: string | null | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeProps(v: unknown): string {
  if (!Array.isArray(v)) return "";
  return v
    .map(
      (p: { name?: string; oldValue?: unknown; newValue?: unknown }) =>
        `${p.name}: ${fmt(p.oldValue)} -> ${fmt(p.newValue)}`,
    )
    .join("; ");
}

function describeSteps(v: unknown): string {
  if (!Array.isArray(v)) return "";
  return v
    .map((s: { step?: string; status?: string; detail?: string }) => `${s.step} ${s.status}: ${s.detail ?? ""}`)
    .join(" | ");
}

function fmt(v: unknown): string {
  if (v === undefined || v === null) return "(none)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function exportFileName(format: ExportFormat, now = new Date()): string {
  return `provisioning-logs-${now.toISOString().slice(0, 19).replace(/[:T]/g, "-")}.${format}`;
}

/**
 * The filtered log as a stream of CSV or JSON, read in batches of a thousand by keyset. Each batch is read
 * only when the consumer asks for more (pull), so a million entries never sit in memory and a slow
 * download slows the reads instead of buffering.
 */
export function streamLogExport(
  filters: LogFilters,
  format: ExportFormat,
  opts: { now?: Date; batchSize?: number } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const now = opts.now ?? new Date();
  const batch = opts.batchSize ?? BATCH;
  const apps = new Map<string, { id: string; name: string } | null>();
  let cursor: LogCursor | undefined;
  let started = false;
  let first = true;

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!started) {
            started = true;
            controller.enqueue(encoder.encode(format === "csv" ? "\uFEFF" + csvRow(CSV_HEADER) : "["));
          }
          const where = await buildLogWhere(filters, { cursor, now });
          const rows = where.empty
            ? []
            : await prisma.$queryRawUnsafe<RawLogRow[]>(
                `SELECT ${SUMMARY_COLUMNS}, l."errorDetail", l."steps", l."modifiedProperties" FROM "ProvisioningLogEntry" l WHERE ${where.sql} ORDER BY l."at" DESC, l."id" DESC LIMIT ?`,
                ...where.params,
                batch,
              );
          await applicationsByJob(
            rows.map((r) => r.jobId),
            apps,
          );
          let out = "";
          for (const r of rows) {
            const { jobId: _job, applicationId: _app, applicationName, id, at, ...rest } = toSummary(r, apps);
            const row: ExportRow = {
              id,
              at,
              application: applicationName,
              ...rest,
              errorDetail: r.errorDetail ?? null,
              modifiedProperties: parse(r.modifiedProperties),
              steps: parse(r.steps),
            };
            if (format === "csv") {
              out += csvRow([
                row.at,
                row.application,
                row.cycleId,
                row.objectType,
                row.identity,
                row.displayName,
                row.sourceId,
                row.targetId,
                row.action,
                row.status,
                row.errorCode,
                row.errorDetail,
                row.durationMs,
                describeProps(row.modifiedProperties),
                describeSteps(row.steps),
              ]);
            } else {
              out += (first ? "\n" : ",\n") + JSON.stringify(row);
              first = false;
            }
          }
          if (out) controller.enqueue(encoder.encode(out));
          const last = rows[rows.length - 1];
          if (rows.length < batch || !last) {
            if (format === "json") controller.enqueue(encoder.encode(first ? "]\n" : "\n]\n"));
            controller.close();
            return;
          }
          cursor = { at: rawDate(last.at), id: Number(last.id) };
        } catch (e) {
          controller.error(e);
        }
      },
    },
    { highWaterMark: 1 },
  );
}
