import { ZodError } from "zod";
import { getCurrentUser } from "@/app/_lib/current-user";
import type { ExportRefusal } from "@/lib/logs/export-slots";
import { parseLogFilters } from "@/lib/logs/log-filters";
import { openLogExport } from "@/lib/logs/open-log-export";
import { prepareLogExport } from "@/lib/logs/prepare-log-export";

export const dynamic = "force-dynamic";

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body + "\n", { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });

function refused(r: ExportRefusal, json: boolean): Response {
  const headers = { "retry-after": String(r.retryAfterSeconds), "cache-control": "no-store" };
  return json ? Response.json({ error: r.message }, { status: 429, headers }) : text(429, r.message, headers);
}

/**
 * The filtered provisioning log as a streamed CSV or JSON download (read in keyset pages, never all at once),
 * limited in how many run at once (429 with Retry-After beyond). `?prepare=1` holds a slot and answers
 * `{ ticket }` (or 429 with `{ error }`), so the logs page can show a refusal in the page; the download then
 * brings `ticket`.
 */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return text(401, "Sign in to download provisioning logs.");
  const params = new URL(request.url).searchParams;
  if (params.get("prepare") === "1") {
    const prepared = prepareLogExport(user.id);
    if (!prepared.ok) return refused(prepared.refusal, true);
    return Response.json({ ticket: prepared.ticket }, { headers: { "cache-control": "no-store" } });
  }
  const format = params.get("format") === "json" ? "json" : "csv";
  let filters;
  try {
    filters = parseLogFilters(params);
  } catch (e) {
    const message = e instanceof ZodError ? e.issues.map((i) => i.message).join(" ") : "Invalid filters.";
    return text(400, `Some filters are not valid: ${message}`);
  }
  const opened = openLogExport({ person: user.id, filters, format, ticket: params.get("ticket") });
  if (!opened.ok) return refused(opened.refusal, false);
  return new Response(opened.stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${opened.fileName}"`,
      // no-transform: Next.js would gzip the stream on the event loop, which cost more CPU than reading and
      // formatting it (a reverse proxy may compress instead).
      "cache-control": "no-store, no-transform",
      "x-content-type-options": "nosniff",
    },
  });
}
