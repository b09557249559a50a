import { handleScimRequest, sandboxAuthFailure, scimError, type ScimHttpResponse } from "./handle-scim-request";
import { prismaSandboxStore } from "./prisma-sandbox-store";
import { getSandboxToken, sandboxTenantUrl } from "./sandbox-token";

/** Largest request body the sandbox reads: one SCIM resource or PATCH needs a few KB; Entra batches stay far below. */
export const MAX_SANDBOX_BODY_BYTES = 1024 * 1024;

const MOUNT = "/api/sandbox/scim/v2";

/**
 * The app's sandbox SCIM endpoint, from a fetch Request to a Response. The bearer token is checked before
 * a byte of the body is read, and the body is read only up to MAX_SANDBOX_BODY_BYTES (a longer one is
 * refused with 413 as soon as it is seen, by Content-Length or while streaming).
 */
export async function serveSandboxRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const at = url.pathname.indexOf(MOUNT);
  const path = at >= 0 ? url.pathname.slice(at + MOUNT.length) : "/";
  const token = await getSandboxToken();
  const unauthorized = sandboxAuthFailure(request.headers, token);
  if (unauthorized) return toResponse(unauthorized, request);
  const method = request.method.toUpperCase();
  let body: string | null = null;
  if (method !== "GET" && method !== "HEAD" && method !== "DELETE") {
    try {
      body = await readLimitedText(request, MAX_SANDBOX_BODY_BYTES);
    } catch {
      // The client went away mid-body: nothing half-read is processed.
      return toResponse(scimError(400, "The request body could not be read"), request);
    }
    if (body === null) {
      return toResponse(
        scimError(413, `The request body is larger than ${MAX_SANDBOX_BODY_BYTES / (1024 * 1024)} MB`),
        request,
      );
    }
  }
  const result = await handleScimRequest(
    { method, path, query: url.searchParams, headers: request.headers, body },
    { store: prismaSandboxStore, baseUrl: sandboxTenantUrl(), token },
  );
  return toResponse(result, request);
}

function toResponse(result: ScimHttpResponse, request: Request): Response {
  // An unread body is dropped rather than drained (the connection may close; that is the point).
  void request.body?.cancel().catch(() => {});
  return new Response(result.body ?? null, { status: result.status, headers: result.headers });
}

/** The body as UTF-8 text, or null once it is longer than `max` bytes (reading stops there). */
async function readLimitedText(request: Request, max: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
