import { ZodError } from "zod";
import { parseLogFilters } from "@/lib/logs/log-filters";
import { exportFileName, streamLogExport } from "@/lib/logs/stream-log-export";

export const dynamic = "force-dynamic";

/** The filtered provisioning log as a streamed CSV or JSON download (read in keyset batches, never all at once). */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const format = params.get("format") === "json" ? "json" : "csv";
  let filters;
  try {
    filters = parseLogFilters(params);
  } catch (e) {
    const message = e instanceof ZodError ? e.issues.map((i) => i.message).join(" ") : "Invalid filters.";
    return new Response(`Some filters are not valid: ${message}\n`, {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(streamLogExport(filters, format), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(format)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
