import { setImmediate as nextTurn } from "node:timers/promises";
import { selectLogRows } from "../db/sql/log-entries";
import { sqlStore } from "../db/sql-store";
import type { LogCursor } from "./log-cursor";
import type { LogFilters } from "./log-filters";
import { applicationsByJob, rawDate, toSummary, type LogEntrySummary } from "./log-entry-types";
import { resolveLogQuery } from "./resolve-log-query";
import { csvRow } from "./csv";
import { EXPORT_STALL_MS } from "./export-slots";

export type ExportFormat = "csv" | "json";

const BATCH = 500;

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

export type StreamLogExportOptions = {
  now?: Date;
  batchSize?: number;
  /** Called once when the stream is done: finished, failed, cancelled by the reader, or stalled. */
  onEnd?: () => void;
  /** With no read for this long, the stream fails and ends (default EXPORT_STALL_MS). */
  stallMs?: number;
};

/**
 * The filtered log as a stream of CSV or JSON, read in pages of 500 by keyset. Each page is read only when the
 * consumer asks for more (pull), so a million entries never sit in memory and a slow download slows the
 * reads instead of buffering. Between pages the event loop gets a turn, so other requests are answered while
 * a large export runs.
 */
export function streamLogExport(
  filters: LogFilters,
  format: ExportFormat,
  opts: StreamLogExportOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const now = opts.now ?? new Date();
  const batch = opts.batchSize ?? BATCH;
  const stallMs = opts.stallMs ?? EXPORT_STALL_MS;
  const apps = new Map<string, { id: string; name: string } | null>();
  let cursor: LogCursor | undefined;
  let started = false;
  let first = true;
  let ended = false;
  let stall: NodeJS.Timeout | undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(stall);
    opts.onEnd?.();
  };
  const watch = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    clearTimeout(stall);
    stall = setTimeout(() => {
      end();
      controller.error(new Error("The download stalled: nothing was read from it."));
    }, stallMs);
    stall.unref();
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        watch(controller);
      },
      async pull(controller) {
        watch(controller);
        try {
          if (!started) {
            started = true;
            controller.enqueue(encoder.encode(format === "csv" ? "\uFEFF" + csvRow(CSV_HEADER) : "["));
          } else {
            await nextTurn();
          }
          if (ended) return;
          const query = await resolveLogQuery(filters, { cursor, now });
          const rows = query
            ? await selectLogRows(sqlStore(), query, { order: "newest", limit: batch, details: true })
            : [];
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
            end();
            controller.close();
            return;
          }
          cursor = { at: rawDate(last.at), id: Number(last.id) };
        } catch (e) {
          end();
          controller.error(e);
        }
      },
      cancel() {
        end();
      },
    },
    { highWaterMark: 1 },
  );
}
