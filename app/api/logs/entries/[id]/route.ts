import { z } from "zod";
import { errorStatus, isAppError } from "@/lib/errors";
import { getLogEntry } from "@/lib/logs/get-log-entry";

export const dynamic = "force-dynamic";

// Directory personal data: never kept by the browser or a proxy.
const NO_STORE = { "Cache-Control": "no-store" };

/** One provisioning log entry with its steps, recommendations, modified properties and summary. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = z.coerce
    .number()
    .int()
    .positive()
    .safeParse((await params).id);
  if (!parsed.success)
    return Response.json({ error: "There is no such log entry." }, { status: 404, headers: NO_STORE });
  try {
    return Response.json(await getLogEntry(parsed.data), { headers: NO_STORE });
  } catch (e) {
    if (isAppError(e)) return Response.json({ error: e.message }, { status: errorStatus(e), headers: NO_STORE });
    console.error("Log entry read failed:", e instanceof Error ? e.message : e);
    return Response.json({ error: "The log entry could not be read. Try again." }, { status: 500, headers: NO_STORE });
  }
}
