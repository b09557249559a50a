import type { Source } from "@prisma/client";
import SCIMMY from "scimmy";
import { KeyedMutex } from "../../sandbox/keyed-mutex";
import {
  expandUnmatchedValuePaths,
  normalisePatchBody,
  normaliseResourceBody,
} from "../../sandbox/normalize-scim-request";
import { ensureScimmyDeclared } from "../../sandbox/scimmy-resources";
import { prisma } from "../../db/prisma";
import { parseScimPushAttributeMap } from "../source-schemas";
import { recordSourceEvent } from "../record-source-event";
import { checkPatchBody, checkResourceBody } from "./check-scim-body";
import { patchPushedGroupMembers, type MembershipOperation } from "./patch-pushed-group-members";
import { getPushedResource } from "./pushed-resources";
import type { ScimPushContext } from "./scim-push-context";
import { DEFAULT_COUNT, MAX_RESULTS, scimPushHandlers } from "./scim-push-handlers";
import { scimPushError, scimPushJson, type ScimPushResponse } from "./scim-push-response";

/**
 * One authenticated SCIM push request → a response. Routing, query parameters, paging and RFC 7644 error
 * bodies live here; scimmy does the protocol work through scimPushHandlers, which write the directory.
 * Entra's and Okta's habits are normalised before scimmy sees a body (normalize-scim-request.ts, shared
 * with the sandbox target): PascalCase `op`, `"active": "False"`, PATCH paths to typed values not there yet.
 */

export type ScimPushRequest = {
  method: string;
  /** Below the source's base URL: "/Users", "/Groups/<id>", "/ServiceProviderConfig". */
  path: string;
  query: URLSearchParams;
  /** The body text, read within the size limit; null for GET and DELETE. */
  body: string | null;
};

type Kind = "User" | "Group";
const KINDS: Record<string, Kind> = { users: "User", groups: "Group" };

// PATCH reads, applies and writes with awaits between; one object's requests run one at a time.
const globalMutex = globalThis as unknown as { provisioScimPushMutex?: KeyedMutex };
const mutex = (globalMutex.provisioScimPushMutex ??= new KeyedMutex());

class Refusal extends Error {
  constructor(readonly response: ScimPushResponse) {
    super("refused");
  }
}

function parseJson(text: string | null): unknown {
  if (text === null || text.trim() === "")
    throw new Refusal(scimPushError(400, "The request needs a JSON body", "invalidSyntax"));
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(scimPushError(400, "The request body is not valid JSON", "invalidSyntax"));
  }
}

function integer(name: string, value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (!/^-?\d{1,9}$/.test(value.trim()))
    throw new Refusal(scimPushError(400, `${name} must be an integer`, "invalidValue"));
  return Number(value);
}

function queryValue(query: URLSearchParams, name: string): string | null {
  for (const [k, v] of query) if (k.toLowerCase() === name.toLowerCase()) return v;
  return null;
}

type Params = { filter?: string; attributes?: string; excludedAttributes?: string };

function paramsOf(query: URLSearchParams): Params {
  const params: Params = {};
  for (const key of ["filter", "attributes", "excludedAttributes"] as const) {
    const v = queryValue(query, key);
    if (v !== null && v.trim()) {
      if (v.length > 2000)
        throw new Refusal(scimPushError(400, `${key} is longer than 2000 characters`, "invalidValue"));
      params[key] = v;
    }
  }
  return params;
}

function excludesMembers(params: Params): boolean {
  const names = (list?: string) => (list ?? "").split(",").map((a) => a.trim().toLowerCase());
  if (params.attributes) return !names(params.attributes).some((a) => a === "members" || a.startsWith("members."));
  return names(params.excludedAttributes).includes("members");
}

function resourceClass(kind: Kind) {
  return kind === "User" ? SCIMMY.Resources.User : SCIMMY.Resources.Group;
}

const MEMBER_FILTER = /^members\[\s*value\s+eq\s+("(?:[^"\\]|\\.){1,200}")\s*\]$/i;

/** Entra's and Okta's membership PATCHes (add/remove members by value or by members[value eq "…"]). */
function membershipOperations(body: Record<string, unknown>): MembershipOperation[] | undefined {
  const out: MembershipOperation[] = [];
  for (const raw of body.Operations as unknown[]) {
    const op = raw as { op?: unknown; path?: unknown; value?: unknown };
    if ((op.op !== "add" && op.op !== "remove") || typeof op.path !== "string") return undefined;
    if (op.path.toLowerCase() === "members") {
      const items = Array.isArray(op.value) ? op.value : [op.value];
      const values = items.map((i) => (i && typeof i === "object" ? (i as { value?: unknown }).value : undefined));
      if (values.length === 0 || values.some((v) => typeof v !== "string" || !v)) return undefined;
      out.push({ op: op.op, values: values as string[] });
      continue;
    }
    const filtered = op.op === "remove" && op.value === undefined ? MEMBER_FILTER.exec(op.path) : null;
    if (!filtered) return undefined;
    out.push({ op: "remove", values: [JSON.parse(filtered[1]) as string] });
  }
  return out;
}

async function listResponse(kind: Kind, params: Params, query: URLSearchParams, ctx: ScimPushContext) {
  const startIndex = Math.max(1, integer("startIndex", queryValue(query, "startIndex")) ?? 1);
  const count = Math.min(MAX_RESULTS, Math.max(0, integer("count", queryValue(query, "count")) ?? DEFAULT_COUNT));
  const Resource = resourceClass(kind);
  let instance;
  try {
    instance = new Resource(undefined, params);
  } catch (e) {
    if (e instanceof SCIMMY.Types.Error) throw e;
    throw new Refusal(
      scimPushError(
        400,
        `Invalid filter or attributes: ${e instanceof Error ? e.message : String(e)}`,
        "invalidFilter",
      ),
    );
  }
  const list = (await instance.read({
    ...ctx,
    paging: { startIndex, count },
    omitMembers: kind === "Group" && excludesMembers(params),
  })) as unknown as {
    startIndex: number;
    itemsPerPage: number;
    Resources: unknown[];
  };
  list.startIndex = startIndex;
  list.itemsPerPage = Array.isArray(list.Resources) ? list.Resources.length : 0;
  return scimPushJson(200, list);
}

async function handleResource(kind: Kind, segments: string[], request: ScimPushRequest, ctx: ScimPushContext) {
  const method = request.method.toUpperCase();
  const params = paramsOf(request.query);
  const Resource = resourceClass(kind);
  const collection = kind === "User" ? "Users" : "Groups";
  const [id, extra] = segments;
  if (extra !== undefined || (id !== undefined && id.length > 200))
    return scimPushError(404, `Unknown endpoint /${collection}/${segments.join("/")}`);
  const readCtx = { ...ctx, omitMembers: kind === "Group" && excludesMembers(params) };

  if (id === undefined) {
    if (method === "GET") return listResponse(kind, params, request.query, ctx);
    if (method === "POST") {
      const body = normaliseResourceBody(kind, checkResourceBody(kind, parseJson(request.body)));
      const created = (await new Resource(undefined, params).write(body as never, ctx)) as unknown as { id: string };
      return scimPushJson(201, created, { Location: `${ctx.baseUrl}/${collection}/${created.id}` });
    }
    return scimPushError(405, `${method} is not supported on /${collection}`, undefined, { Allow: "GET, POST" });
  }
  if (id === ".search") {
    if (method !== "POST") return scimPushError(405, "Use POST for .search", undefined, { Allow: "POST" });
    const search = parseJson(request.body) as Record<string, unknown>;
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(search ?? {}))
      if (typeof v === "string" || typeof v === "number") query.set(k, String(v));
      else if (Array.isArray(v)) query.set(k, v.join(","));
    return listResponse(kind, paramsOf(query), query, ctx);
  }

  const key = `${ctx.source.id}:${kind}:${id}`;
  switch (method) {
    case "GET":
      return scimPushJson(200, await new Resource(id, params).read(readCtx));
    case "PUT": {
      const body = normaliseResourceBody(kind, checkResourceBody(kind, parseJson(request.body)));
      return mutex.run(key, async () => scimPushJson(200, await new Resource(id, params).write(body as never, ctx)));
    }
    case "PATCH": {
      const body = normalisePatchBody(kind, checkPatchBody(kind, parseJson(request.body))) as Record<string, unknown>;
      const membership = kind === "Group" ? membershipOperations(body) : undefined;
      return mutex.run(key, async () => {
        if (membership) {
          await patchPushedGroupMembers(ctx, id, membership);
          // RFC 7644 §3.5.2 allows 204; Entra asks for it (a group's whole member list is not wanted back).
          return { status: 204, headers: {} };
        }
        const current = await getPushedResource(ctx.source.id, kind, id);
        if (!current) return scimPushError(404, `${kind} ${id} not found`);
        const patched = await new Resource(id).patch(expandUnmatchedValuePaths(body, current) as never, ctx);
        // scimmy returns nothing when the PATCH changed nothing; answer with the resource either way.
        const shaped = params.attributes || params.excludedAttributes;
        return scimPushJson(200, !shaped && patched ? patched : await new Resource(id, params).read(readCtx));
      });
    }
    case "DELETE":
      return mutex.run(key, async () => {
        await new Resource(id).dispose(ctx);
        return { status: 204, headers: {} };
      });
    default:
      return scimPushError(405, `${method} is not supported on /${collection}/{id}`, undefined, {
        Allow: "GET, PUT, PATCH, DELETE",
      });
  }
}

function toPlain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

const AUTH_SCHEME = {
  type: "oauthbearertoken",
  name: "OAuth Bearer Token",
  description: "Send a token created on the source's page in Provisio as `Authorization: Bearer <token>`.",
  primary: true,
};

async function handleDiscovery(name: string, segments: string[], method: string, baseUrl: string) {
  if (method !== "GET")
    return scimPushError(405, `${method} is not supported on /${name}`, undefined, { Allow: "GET" });
  const [id, extra] = segments;
  if (extra !== undefined) return scimPushError(404, `Unknown endpoint /${name}/${segments.join("/")}`);
  const located = (r: Record<string, unknown>, location: string) => ({
    ...r,
    meta: { ...((r.meta as object | undefined) ?? {}), location },
  });
  if (name === "ServiceProviderConfig") {
    if (id !== undefined) return scimPushError(404, "ServiceProviderConfig has no sub-resources");
    const config = toPlain(await new SCIMMY.Resources.ServiceProviderConfig().read());
    // scimmy's configuration is global to the process and describes the sandbox's token; this endpoint's differs.
    return scimPushJson(
      200,
      located({ ...config, authenticationSchemes: [AUTH_SCHEME] }, `${baseUrl}/ServiceProviderConfig`),
    );
  }
  const Resource = name === "Schemas" ? SCIMMY.Resources.Schema : SCIMMY.Resources.ResourceType;
  const at = (r: Record<string, unknown>) => located(r, `${baseUrl}/${name}/${String(r.id)}`);
  if (id !== undefined) return scimPushJson(200, at(toPlain(await new Resource(id).read())));
  const list = toPlain(await new Resource().read());
  list.Resources = (list.Resources as Array<Record<string, unknown>>).map(at);
  return scimPushJson(200, list);
}

function errorResponse(e: unknown): ScimPushResponse {
  if (e instanceof Refusal) return e.response;
  if (e instanceof SCIMMY.Types.Error) {
    const status = Number((e as { status?: unknown }).status) || 500;
    const scimType = (e as { scimType?: unknown }).scimType;
    return scimPushError(status, e.message, typeof scimType === "string" && scimType ? scimType : undefined);
  }
  if (e instanceof TypeError) return scimPushError(400, e.message, "invalidValue");
  console.error("SCIM push endpoint: unexpected error:", e instanceof Error ? e.message : e);
  return scimPushError(500, "Provisio failed to process the request; nothing was changed");
}

async function route(request: ScimPushRequest, ctx: ScimPushContext): Promise<ScimPushResponse> {
  let segments: string[];
  try {
    segments = request.path
      .split("/")
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
  } catch {
    return scimPushError(400, "The request path is not valid", "invalidSyntax");
  }
  const [first, ...rest] = segments;
  const method = request.method.toUpperCase();
  if (first === undefined)
    return scimPushError(
      404,
      "This is the source's SCIM base URL; use /Users, /Groups, /ServiceProviderConfig, /ResourceTypes or /Schemas",
    );
  const kind = KINDS[first.toLowerCase()];
  if (kind) return handleResource(kind, rest, request, ctx);
  const discovery = ["ServiceProviderConfig", "ResourceTypes", "Schemas"].find(
    (n) => n.toLowerCase() === first.toLowerCase(),
  );
  if (discovery) return handleDiscovery(discovery, rest, method, ctx.baseUrl);
  if (first.toLowerCase() === "bulk")
    return scimPushError(501, "Bulk operations are not supported (see /ServiceProviderConfig)");
  if (first.toLowerCase() === "me") return scimPushError(501, "/Me is not supported");
  return scimPushError(404, `Unknown endpoint /${segments.join("/")}`);
}

/** Writes that failed are part of the source's activity (an admin looks there first); reads are not. */
async function recordRefusal(source: Source, request: ScimPushRequest, response: ScimPushResponse): Promise<void> {
  if (request.method.toUpperCase() === "GET" || response.status < 400) return;
  let detail: string | null = null;
  try {
    detail = (JSON.parse(response.body ?? "{}") as { detail?: string }).detail ?? null;
  } catch {
    /* no body */
  }
  try {
    await prisma.$transaction((tx) =>
      recordSourceEvent(tx, {
        sourceId: source.id,
        method: request.method.toUpperCase(),
        path: request.path,
        status: response.status,
        operation: response.status >= 500 ? "Failed" : "Refused",
        detail,
      }),
    );
  } catch (e) {
    console.error("SCIM push endpoint: could not record a refused request:", e instanceof Error ? e.message : e);
  }
}

// Every push request needs its source's attribute map; parsing the stored JSON with zod each time cost about
// a twentieth of a push's CPU. Keyed by the stored text, so a saved change is a new entry; the map is read-only.
const parsedMaps = new Map<string, ReturnType<typeof parseScimPushAttributeMap>>();
function attributeMapOf(source: Source) {
  let map = parsedMaps.get(source.attributeMap);
  if (!map) {
    if (parsedMaps.size >= 32) parsedMaps.clear();
    map = parseScimPushAttributeMap(source.attributeMap);
    parsedMaps.set(source.attributeMap, map);
  }
  return map;
}

/** Answers one request of an authenticated source. Never throws: every failure is a SCIM error body. */
export async function handleScimPushRequest(
  request: ScimPushRequest,
  opts: { source: Source; baseUrl: string },
): Promise<ScimPushResponse> {
  ensureScimmyDeclared();
  const ctx: ScimPushContext = {
    scimmyHandlers: scimPushHandlers,
    source: opts.source,
    attributeMap: attributeMapOf(opts.source),
    baseUrl: opts.baseUrl,
    request: { method: request.method.toUpperCase(), path: request.path },
  };
  let response: ScimPushResponse;
  try {
    response = await route(request, ctx);
  } catch (e) {
    response = errorResponse(e);
  }
  await recordRefusal(opts.source, request, response);
  return response;
}
