import { API_ENDPOINTS } from "../api-endpoints";
import type { ApiPrincipal } from "../endpoint";
import { handleApiRequest } from "../handle-api-request";

const apiAdmin: ApiPrincipal = { actor: "ci (API token)", role: "Administrator", via: "token" };
export const apiReader: ApiPrincipal = { actor: "report (API token)", role: "Reader", via: "token" };

/** One /api/v1 request through the real handler and endpoints, as the given principal (an Administrator token). */
export async function callApi(
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; as?: ApiPrincipal } = {},
) {
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const request = new Request(`http://localhost/api/v1${path}`, {
    method,
    body,
    headers: body ? { "content-type": "application/json" } : {},
  });
  const res = await handleApiRequest({
    endpoints: API_ENDPOINTS,
    request,
    path: new URL(request.url).pathname.slice("/api/v1".length),
    authenticate: async () => opts.as ?? apiAdmin,
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers freely
    json: (text ? JSON.parse(text) : null) as any,
    res,
  };
}
