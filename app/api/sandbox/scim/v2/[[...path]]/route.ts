import { handleScimRequest } from "@/lib/sandbox/handle-scim-request";
import { prismaSandboxStore } from "@/lib/sandbox/prisma-sandbox-store";
import { getSandboxToken, sandboxTenantUrl } from "@/lib/sandbox/sandbox-token";

// The built-in sandbox SCIM 2.0 target. All protocol work is in lib/sandbox; this only adapts HTTP.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MOUNT = "/api/sandbox/scim/v2";

async function handle(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const at = url.pathname.indexOf(MOUNT);
  const path = at >= 0 ? url.pathname.slice(at + MOUNT.length) : "/";
  const body =
    request.method === "GET" || request.method === "HEAD" || request.method === "DELETE" ? null : await request.text();
  const result = await handleScimRequest(
    { method: request.method, path, query: url.searchParams, headers: request.headers, body },
    { store: prismaSandboxStore, baseUrl: sandboxTenantUrl(), token: await getSandboxToken() },
  );
  return new Response(result.body ?? null, { status: result.status, headers: result.headers });
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
