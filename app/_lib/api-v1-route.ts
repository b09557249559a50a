import type { NextRequest } from "next/server";
import { API_ENDPOINTS } from "@/lib/api/api-endpoints";
import { authenticateApiRequest } from "@/lib/api/authenticate-api-request";
import { handleApiRequest } from "@/lib/api/handle-api-request";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { clientIp } from "./auth-response";

/** The route handler of every /api/v1 operation: who calls (token or session), then lib/api does the rest. */
export async function apiV1Route(request: NextRequest, ctx: { params: Promise<{ path?: string[] }> }) {
  const { path = [] } = await ctx.params;
  return handleApiRequest({
    endpoints: API_ENDPOINTS,
    request,
    path: "/" + path.map(encodeURIComponent).join("/"),
    authenticate: () =>
      authenticateApiRequest({
        authorization: request.headers.get("authorization"),
        sessionToken: request.cookies.get(SESSION_COOKIE)?.value,
        ip: clientIp(request),
      }),
  });
}
