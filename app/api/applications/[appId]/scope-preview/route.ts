import { NextResponse } from "next/server";
import { getScopingConfig } from "@/lib/mapping-config/get-scoping-config";
import { previewScope } from "@/lib/mapping-config/preview-scope";
import { errorResponse } from "@/app/_lib/error-response";

export const dynamic = "force-dynamic";

/**
 * "N of M in scope" for the saved scoping filters of ?objectType=User|Group. A GET, so Readers (whose
 * POSTs, server actions included, the proxy refuses) see the count too; Administrators editing filters
 * preview their unsaved drafts through the editor's server action.
 */
export async function GET(request: Request, { params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const objectType = new URL(request.url).searchParams.get("objectType") === "Group" ? "Group" : "User";
  try {
    const config = await getScopingConfig(appId, objectType);
    const data = await previewScope({ applicationId: appId, objectType, filters: config.filters });
    return NextResponse.json({ ok: true, data }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
