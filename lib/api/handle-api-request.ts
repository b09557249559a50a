import { z } from "zod";
import { AppError } from "../errors";
import { findJsonInputProblem } from "../input/find-json-input-problem";
import type { ApiPrincipal, Endpoint } from "./endpoint";
import { matchEndpoint } from "./match-endpoint";
import { problemResponse, toProblem } from "./problem-details";

/** Request bodies are configuration, never bulk data: anything larger is refused before it is parsed. */
const MAX_BODY_BYTES = 1_000_000;

const NO_STORE = { "Cache-Control": "no-store" };

async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await readLimited(request);
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("request.invalid_json", "The request body is not valid JSON.");
  }
  // As at every other boundary: no lone surrogates or invisible control characters in stored text.
  const problem = findJsonInputProblem(value, { maxStringLength: 10_000 });
  if (problem) throw new AppError("input.invalid_text", problem);
  return value;
}

function tooLarge(): AppError {
  return new AppError("request.too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
}

/** Reads the body as text, stopping at the limit (a body without Content-Length cannot grow unbounded). */
async function readLimited(request: Request): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in out)) out[k] = v;
  return out;
}

/**
 * Answers one /api/v1 request: finds the endpoint, checks the role, parses path, query and body with the
 * endpoint's zod schemas, runs it, and answers JSON, or RFC 9457 problem details for any error.
 */
export async function handleApiRequest(opts: {
  endpoints: readonly Endpoint[];
  request: Request;
  /** The path under /api/v1, e.g. "/applications/123". */
  path: string;
  authenticate: () => Promise<ApiPrincipal>;
}): Promise<Response> {
  const { request, path } = opts;
  const url = new URL(request.url);
  const instance = url.pathname;
  try {
    const principal = await opts.authenticate();
    const match = matchEndpoint(opts.endpoints, request.method, path);
    if (!match.endpoint) {
      if (match.allowed.length === 0) throw new AppError("api.not_found", `There is no API operation at ${instance}.`);
      const allow = match.allowed.map((m) => m.toUpperCase()).join(", ");
      const problem = toProblem(
        new AppError("api.method_not_allowed", `${instance} does not take ${request.method}; it takes ${allow}.`),
        instance,
      );
      return problemResponse(problem, { Allow: allow });
    }
    const { endpoint, params } = match;
    if (endpoint.access === "write" && principal.role !== "Administrator") {
      throw new AppError(
        "auth.forbidden",
        principal.via === "token"
          ? "This API token has the Reader role: it can read but not change anything."
          : "Readers can view but not change anything. Ask an Administrator.",
      );
    }
    const input = {
      params: (endpoint.params ?? z.object({})).parse(params),
      query: (endpoint.query ?? z.object({})).parse(queryObject(url)),
      body: endpoint.body ? endpoint.body.parse(await readJsonBody(request)) : undefined,
      principal,
    };
    const result = await endpoint.handle(input);
    if (endpoint.success.status === 204) return new Response(null, { status: 204, headers: NO_STORE });
    return Response.json(result ?? null, { status: endpoint.success.status, headers: NO_STORE });
  } catch (e) {
    const problem = toProblem(e, instance);
    if (problem.status === 500) console.error("Unexpected error in the REST API:", e instanceof Error ? e.message : e);
    const headers: Record<string, string> =
      problem.status === 401 ? { "WWW-Authenticate": 'Bearer realm="provisio"' } : {};
    return problemResponse(problem, headers);
  }
}
