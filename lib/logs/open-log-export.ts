import { exportSlots, isExportRefusal, type ExportRefusal, type ExportSlots } from "./export-slots";
import type { LogFilters } from "./log-filters";
import { exportFileName, streamLogExport, type ExportFormat } from "./stream-log-export";

export type OpenLogExportOptions = {
  /** Who asks (the signed-in person's id): the limit per person counts by it. */
  person: string;
  filters: LogFilters;
  format: ExportFormat;
  /** A ticket from the logs page's "prepare" request, which holds a slot for this download. */
  ticket?: string | null;
  /** Tests pass their own; the server uses its process-wide slots. */
  slots?: ExportSlots;
  batchSize?: number;
};

export type OpenedLogExport =
  { ok: true; stream: ReadableStream<Uint8Array>; fileName: string } | { ok: false; refusal: ExportRefusal };

/**
 * Starts a log download if a slot is free (at most two per person and four in all), or says when to try
 * again. The slot is given back when the stream ends, fails, is cancelled (the browser went away) or stalls.
 */
export function openLogExport(opts: OpenLogExportOptions): OpenedLogExport {
  const slot = (opts.slots ?? exportSlots()).acquire(opts.person, opts.ticket);
  if (isExportRefusal(slot)) return { ok: false, refusal: slot };
  const stream = streamLogExport(opts.filters, opts.format, { onEnd: slot.release, batchSize: opts.batchSize });
  return { ok: true, stream, fileName: exportFileName(opts.format) };
}
