import type { NextRequest } from "next/server";
import { authenticateApiRequest } from "@/lib/api/authenticate-api-request";
import { buildOpenApiDocument } from "@/lib/api/build-openapi-document";
import { problemResponse, toProblem } from "@/lib/api/problem-details";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { clientIp } from "@/app/_lib/auth-response";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 document of /api/v1, for any signed-in person or API token. */
export async function GET(request: NextRequest) {
  try {
    await authenticateApiRequest({
      authorization: request.headers.get("authorization"),
      sessionToken: request.cookies.get(SESSION_COOKIE)?.value,
      ip: clientIp(request),
    });
  } catch (e) {
    return problemResponse(toProblem(e, request.nextUrl.pathname), { "WWW-Authenticate": 'Bearer realm="provisio"' });
  }
  return Response.json(buildOpenApiDocument({ serverUrl: request.nextUrl.origin }), {
    headers: { "Cache-Control": "no-store" },
  });
}
