import { z, ZodError } from "zod";
import { errorStatus, isAppError } from "@/lib/errors";
import { parseLogFilters } from "@/lib/logs/log-filters";
import { queryLogEntries } from "@/lib/logs/query-log-entries";
import { queryNewLogEntries } from "@/lib/logs/query-new-log-entries";

export const dynamic = "force-dynamic";

const afterSchema = z.coerce.number().int().min(0);
// Directory personal data: never kept by the browser or a proxy.
const NO_STORE = { headers: { "Cache-Control": "no-store" } };

/**
 * Provisioning log entries as JSON for the logs pages (TanStack Query): one keyset page (`cursor`), or,
 * with `after=<id>`, the entries written since that id (the live view).
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  try {
    const filters = parseLogFilters(params);
    const after = params.get("after");
    if (after !== null) return Response.json(await queryNewLogEntries(filters, afterSchema.parse(after)), NO_STORE);
    return Response.json(await queryLogEntries(filters, { cursor: params.get("cursor") }), NO_STORE);
  } catch (e) {
    if (e instanceof ZodError)
      return Response.json(
        { error: "Some filters are not valid: " + e.issues.map((i) => i.message).join(" ") },
        { status: 400, ...NO_STORE },
      );
    if (isAppError(e)) return Response.json({ error: e.message }, { status: errorStatus(e), ...NO_STORE });
    console.error("Logs query failed:", e instanceof Error ? e.message : e);
    return Response.json({ error: "The logs could not be read. Try again." }, { status: 500, ...NO_STORE });
  }
}
