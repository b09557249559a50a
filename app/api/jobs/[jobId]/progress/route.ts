import { NextResponse } from "next/server";
import { errorStatus, isAppError } from "@/lib/errors";
import { getJobProgress } from "@/lib/sync/cycle/get-job-progress";

export const dynamic = "force-dynamic";

/** The job's current and last cycle, for the Provisioning page's progress display (polled). */
export async function GET(_request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  try {
    return NextResponse.json(await getJobProgress(jobId), { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    if (isAppError(e)) return NextResponse.json({ error: e.message }, { status: errorStatus(e) });
    throw e;
  }
}
