import { prisma } from "../../db/prisma";
import { authenticateSourceToken } from "../authenticate-source-token";
import { pruneSourceEvents } from "../prune-source-events";
import { sourceTenantUrl } from "../source-tenant-url";
import { handleScimPushRequest } from "./handle-scim-push-request";
import { scimPushError, type ScimPushResponse } from "./scim-push-response";

/** Largest body read: a SCIM resource or a PATCH is a few KB; Entra's member batches stay far below. */
export const MAX_SCIM_PUSH_BODY_BYTES = 1024 * 1024;
const SCIM_PUSH_MOUNT = "/scim/v2/";

const PRUNE_EVERY = 500;
const state = globalThis as unknown as { provisioScimPushRequests?: Map<string, number> };
const requestsSincePrune = (state.provisioScimPushRequests ??= new Map());

function bearer(request: Request): string | undefined {
  const value = request.headers.get("authorization");
  const match = value ? /^\s*bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}

/** The body as text, or null as soon as it is longer than `max` bytes (by Content-Length or while reading). */
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

function toResponse(result: ScimPushResponse, request: Request): Response {
  // A body we did not read is dropped, not drained. (Cancelling a body already read throws, and building
  // that error on every request cost more than the check.)
  if (request.body && !request.bodyUsed) void request.body.cancel().catch(() => {});
  return new Response(result.body ?? null, {
    status: result.status,
    headers: { ...result.headers, "Cache-Control": "no-store" },
  });
}

/**
 * The SCIM push endpoint of sources, from a fetch Request to a Response: /scim/v2/<source id>/…
 * The bearer token is checked (for that source) before a byte of the body is read, and the body is read
 * only up to MAX_SCIM_PUSH_BODY_BYTES (413 beyond). `baseOrigin` replaces PROVISIO_BASE_URL in the URLs
 * the endpoint hands out (tests and benchmarks serve it on another port).
 */
export async function serveScimPushRequest(request: Request, opts: { baseOrigin?: string } = {}): Promise<Response> {
  const url = new URL(request.url);
  const at = url.pathname.indexOf(SCIM_PUSH_MOUNT);
  const rest = at >= 0 ? url.pathname.slice(at + SCIM_PUSH_MOUNT.length) : "";
  const slash = rest.indexOf("/");
  let sourceId: string;
  try {
    sourceId = decodeURIComponent(slash >= 0 ? rest.slice(0, slash) : rest);
  } catch {
    sourceId = "";
  }
  const path = slash >= 0 ? rest.slice(slash) : "/";
  const auth = sourceId && sourceId.length <= 64 ? await authenticateSourceToken(sourceId, bearer(request)) : null;
  if (!auth || !auth.ok) {
    if (auth?.reason === "disabled") {
      return toResponse(
        scimPushError(403, "This source is disabled in Provisio; an administrator can turn it on again"),
        request,
      );
    }
    return toResponse(
      scimPushError(
        401,
        "Authentication failed: send a token of this source as `Authorization: Bearer <token>`",
        undefined,
        {
          "WWW-Authenticate": 'Bearer realm="Provisio SCIM push"',
        },
      ),
      request,
    );
  }
  const source = auth.source;
  const method = request.method.toUpperCase();
  let body: string | null = null;
  if (method !== "GET" && method !== "HEAD" && method !== "DELETE") {
    body = await readLimitedText(request, MAX_SCIM_PUSH_BODY_BYTES);
    if (body === null) {
      return toResponse(
        scimPushError(413, `The request body is larger than ${MAX_SCIM_PUSH_BODY_BYTES / 1024} KB`),
        request,
      );
    }
  }
  const baseUrl = sourceTenantUrl(source.id, opts.baseOrigin);
  const result = await handleScimPushRequest({ method, path, query: url.searchParams, body }, { source, baseUrl });
  await noteRequest(source.id, source.lastRequestAt);
  return toResponse(result, request);
}

/** lastRequestAt, at most every 10 s per source; the activity table pruned every PRUNE_EVERY requests. */
async function noteRequest(sourceId: string, lastRequestAt: Date | null): Promise<void> {
  const now = new Date();
  try {
    if (!lastRequestAt || now.getTime() - lastRequestAt.getTime() > 10_000) {
      await prisma.source.update({ where: { id: sourceId }, data: { lastRequestAt: now } });
    }
    const n = (requestsSincePrune.get(sourceId) ?? 0) + 1;
    requestsSincePrune.set(sourceId, n % PRUNE_EVERY);
    if (n >= PRUNE_EVERY) await pruneSourceEvents(sourceId);
  } catch (e) {
    console.error("SCIM push endpoint: bookkeeping failed:", e instanceof Error ? e.message : e);
  }
}
