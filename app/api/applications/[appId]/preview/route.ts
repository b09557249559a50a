import { NextResponse } from "next/server";
import { runAction } from "@/lib/action-result";
import { previewChanges } from "@/lib/mapping-config/preview-changes";

export const dynamic = "force-dynamic";

/**
 * "What will change": the engine's dry-run plan of the next cycle, from the saved configuration. A GET,
 * because it changes nothing and sends nothing to the target: Readers may see it too (proxy.ts refuses
 * their POSTs, and with them every server action).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const result = await runAction(() => previewChanges({ applicationId: appId }));
  return NextResponse.json(result, { status: result.ok ? 200 : 400, headers: { "Cache-Control": "no-store" } });
}
