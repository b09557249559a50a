import { NextResponse } from "next/server";
import { getScopingConfig } from "@/lib/mapping-config/get-scoping-config";
import { listScopeObjects, listScopeObjectsInput } from "@/lib/mapping-config/list-scope-objects";
import { errorResponse } from "@/app/_lib/error-response";

export const dynamic = "force-dynamic";

/**
 * One page of the objects on one side of the saved filters' preview (?objectType, outcome, search, offset). A
 * GET, like the count beside it, so Readers can page through it too.
 */
export async function GET(request: Request, { params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const q = new URL(request.url).searchParams;
  const objectType = q.get("objectType") === "Group" ? "Group" : "User";
  try {
    const config = await getScopingConfig(appId, objectType);
    const data = await listScopeObjects({
      applicationId: appId,
      objectType,
      filters: config.filters,
      outcome: listScopeObjectsInput.shape.outcome.parse(q.get("outcome")),
      search: q.get("search") ?? "",
      offset: q.get("offset") ?? 0,
    });
    return NextResponse.json({ ok: true, data }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
