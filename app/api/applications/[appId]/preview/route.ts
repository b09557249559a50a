import { NextResponse } from "next/server";
import { previewChanges } from "@/lib/mapping-config/preview-changes";
import { errorResponse } from "@/app/_lib/error-response";

export const dynamic = "force-dynamic";

/**
 * "What will change": the engine's dry-run plan of the next cycle, from the saved configuration. A GET,
 * because it changes nothing and sends nothing to the target: Readers may see it too (proxy.ts refuses
 * their POSTs, and with them every server action).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  try {
    const data = await previewChanges({ applicationId: appId });
    return NextResponse.json({ ok: true, data }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
