import { NextResponse } from "next/server";
import { errorResponse } from "@/app/_lib/error-response";
import { reportDrift, reportDriftInput } from "@/lib/sync/cycle/report-drift";

export const dynamic = "force-dynamic";

/**
 * The drift report (read-only: it only reads the target). A GET, so that Readers may run it too: proxy.ts
 * refuses their POSTs. Errors are answered with their code's status (lib/errors.ts).
 */
export async function GET(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  const parsed = reportDriftInput.safeParse({
    jobId,
    limit: new URL(request.url).searchParams.get("limit") ?? undefined,
  });
  if (!parsed.success)
    return NextResponse.json(
      { ok: false, error: "limit must be a whole number from 1 to 1000." },
      { status: 400, headers: { "Cache-Control": "no-store" } },
    );
  try {
    return NextResponse.json(await reportDrift(parsed.data), { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
