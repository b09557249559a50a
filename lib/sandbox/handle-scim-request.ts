import crypto from "node:crypto";
import SCIMMY from "scimmy";
import { findJsonInputProblem } from "../input/find-json-input-problem";
import { KeyedMutex } from "./keyed-mutex";
import { expandUnmatchedValuePaths, normalisePatchBody, normaliseResourceBody } from "./normalize-scim-request";
import { SandboxNotFoundError, type ResourceKind, type SandboxStore } from "./sandbox-store";
import { DEFAULT_COUNT, MAX_RESULTS, ensureScimmyDeclared, type SandboxContext } from "./scimmy-resources";

/**
 * The sandbox SCIM 2.0 service provider (RFC 7643/7644) as one function from an HTTP-ish request to an
 * HTTP-ish response, so the Next.js route (Prisma store) and the standalone node:http server (in-memory store)
 * behave identically. scimmy does the protocol work; this file does routing, auth, paging and error bodies.
 */

export type ScimHttpRequest = {
  method: string;
  /** Path below the SCIM base URL, e.g. "/Users/123" or "Users". */
  path: string;
  query?: URLSearchParams | Record<string, string | undefined>;
  headers: Headers | Record<string, string | string[] | undefined>;
  /** Raw request body text. */
  body?: string | null;
};

export type ScimHttpResponse = { status: number; headers: Record<string, string>; body?: string };

export type HandleScimOptions = {
  store: SandboxStore;
  /** Base URL of this SCIM endpoint (ending in /scim/v2), for Location, meta.location and $ref. */
  baseUrl: string;
  /** The bearer token clients must send. */
  token: string;
  /** Refuse PATCH on users with 405, like targets that take only PUT. */
  disableUserPatch?: boolean;
};

const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

const mutexes = new WeakMap<SandboxStore, KeyedMutex>();
function mutexFor(store: SandboxStore): KeyedMutex {
  let m = mutexes.get(store);
  if (!m) mutexes.set(store, (m = new KeyedMutex()));
  return m;
}

function scimJson(status: number, body: unknown, headers: Record<string, string> = {}): ScimHttpResponse {
  return { status, headers: { "Content-Type": SCIM_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** An RFC 7644 §3.12 error body. */
export function scimError(
  status: number,
  detail: string,
  scimType?: string,
  headers: Record<string, string> = {},
): ScimHttpResponse {
  return scimJson(
    status,
    { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail },
    headers,
  );
}

function headerOf(headers: ScimHttpRequest["headers"], name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key ? record[key] : undefined;
  return Array.isArray(value) ? value[0] : value;
}

function queryOf(query: ScimHttpRequest["query"]): Map<string, string> {
  const out = new Map<string, string>();
  if (!query) return out;
  const entries = query instanceof URLSearchParams ? [...query.entries()] : Object.entries(query);
  for (const [k, v] of entries) if (typeof v === "string") out.set(k.toLowerCase(), v);
  return out;
}

/** Constant-time comparison of the presented bearer token with the expected one. */
function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented || !expected) return false;
  const a = crypto.createHash("sha256").update(presented).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

function bearerToken(headers: ScimHttpRequest["headers"]): string | undefined {
  const value = headerOf(headers, "authorization");
  const match = value ? /^\s*bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}

class HttpError extends Error {
  constructor(readonly response: ScimHttpResponse) {
    super("http error");
  }
}

/** Longest string value (any attribute) the sandbox keeps: far above any real SCIM attribute, far below a page-stopper. */
const MAX_SCIM_STRING_LENGTH = 4096;

function parseBody(text: string | null | undefined): unknown {
  if (text === undefined || text === null || text.trim() === "") {
    throw new HttpError(scimError(400, "The request needs a JSON body", "invalidSyntax"));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(scimError(400, "The request body is not valid JSON", "invalidSyntax"));
  }
  const problem = findJsonInputProblem(value, { maxStringLength: MAX_SCIM_STRING_LENGTH });
  if (problem) throw new HttpError(scimError(400, problem, "invalidValue"));
  return value;
}

function parseInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new HttpError(scimError(400, `${name} must be an integer`, "invalidValue"));
  return Number(value.trim());
}

/** RFC 7644 §3.4.2.4: startIndex below 1 means 1; a negative count means 0; we cap count at maxResults. */
function pagingOf(startIndex: unknown, count: unknown): { startIndex: number; count: number } {
  const s = typeof startIndex === "number" ? startIndex : parseInteger("startIndex", startIndex as string | undefined);
  const c = typeof count === "number" ? count : parseInteger("count", count as string | undefined);
  return { startIndex: Math.max(1, s ?? 1), count: Math.min(MAX_RESULTS, Math.max(0, c ?? DEFAULT_COUNT)) };
}

type ResourceParams = { filter?: string; attributes?: string; excludedAttributes?: string };

function resourceParams(source: { get(k: string): unknown }): ResourceParams {
  const params: ResourceParams = {};
  for (const [key, lower] of [
    ["filter", "filter"],
    ["attributes", "attributes"],
    ["excludedAttributes", "excludedattributes"],
  ] as const) {
    const v = source.get(lower);
    if (typeof v === "string" && v.trim()) params[key] = v;
  }
  return params;
}

/** True when the response will not carry members anyway (excluded, or an attributes list without them). */
function excludesMembers(params: ResourceParams): boolean {
  const names = (list?: string) => (list ?? "").split(",").map((a) => a.trim().toLowerCase());
  if (params.attributes) return !names(params.attributes).some((a) => a === "members" || a.startsWith("members."));
  return names(params.excludedAttributes).includes("members");
}

function resourceClass(kind: ResourceKind) {
  return kind === "User" ? SCIMMY.Resources.User : SCIMMY.Resources.Group;
}

const KINDS: Record<string, ResourceKind> = { users: "User", groups: "Group" };

function toPlain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function withLocation(resource: Record<string, unknown>, location: string): Record<string, unknown> {
  return { ...resource, meta: { ...((resource.meta as object | undefined) ?? {}), location } };
}

async function listResources(
  kind: ResourceKind,
  params: ResourceParams,
  paging: { startIndex: number; count: number },
  ctx: SandboxContext,
) {
  const Resource = resourceClass(kind);
  let instance;
  try {
    instance = new Resource(undefined, params);
  } catch (e) {
    if (e instanceof SCIMMY.Types.Error) throw e;
    throw new HttpError(
      scimError(400, `Invalid filter or attributes: ${e instanceof Error ? e.message : String(e)}`, "invalidFilter"),
    );
  }
  // A ListResponse is a plain object whose Resources serialise themselves: no copy needed to fix its window.
  const list = (await instance.read({ ...ctx, paging })) as unknown as {
    startIndex: number;
    itemsPerPage: number;
    Resources: unknown[];
  };
  list.startIndex = paging.startIndex;
  list.itemsPerPage = Array.isArray(list.Resources) ? list.Resources.length : 0;
  return scimJson(200, list);
}

const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const MEMBER_FILTER_PATH = /^members\[\s*value\s+eq\s+("(?:[^"\\]|\\.)*")\s*\]$/i;

type MembershipOperation = { op: "add" | "remove"; ids: string[] };

function memberValues(value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const item of items) {
    const v = item && typeof item === "object" ? (item as { value?: unknown }).value : undefined;
    if (typeof v !== "string" || !v) return undefined;
    ids.push(v);
  }
  return ids.length ? ids : undefined;
}

/**
 * Recognises the membership PATCHes Entra sends for groups (add members, remove members by value or by
 * `members[value eq "id"]`). Those skip scimmy's read-apply-write of the whole group, which costs O(members) per
 * request and made large groups quadratic. Anything else (replace, other attributes) goes through scimmy.
 */
function membershipOperations(body: unknown): MembershipOperation[] | undefined {
  if (!body || typeof body !== "object") return undefined;
  const message = body as { schemas?: unknown; Operations?: unknown };
  if (!Array.isArray(message.schemas) || message.schemas.length !== 1 || message.schemas[0] !== PATCH_OP_SCHEMA)
    return undefined;
  if (!Array.isArray(message.Operations) || message.Operations.length === 0) return undefined;
  const out: MembershipOperation[] = [];
  for (const raw of message.Operations) {
    const op = raw as { op?: unknown; path?: unknown; value?: unknown };
    if ((op.op !== "add" && op.op !== "remove") || typeof op.path !== "string") return undefined;
    if (op.path.toLowerCase() === "members") {
      const ids = memberValues(op.value);
      if (!ids) return undefined;
      out.push({ op: op.op, ids });
      continue;
    }
    const filtered = op.op === "remove" && op.value === undefined ? MEMBER_FILTER_PATH.exec(op.path) : null;
    if (!filtered) return undefined;
    out.push({ op: "remove", ids: [JSON.parse(filtered[1]) as string] });
  }
  return out;
}

async function patchMembership(
  groupId: string,
  operations: MembershipOperation[],
  store: SandboxStore,
): Promise<ScimHttpResponse> {
  const added = [...new Set(operations.filter((o) => o.op === "add").flatMap((o) => o.ids))];
  if (added.includes(groupId)) return scimError(400, "A group cannot be a member of itself", "invalidValue");
  const info = await store.describeMembers(added);
  const unknown = added.filter((id) => !info.has(id));
  if (unknown.length) {
    const shown = unknown
      .slice(0, 5)
      .map((id) => `"${id}"`)
      .join(", ");
    return scimError(
      400,
      `No user or group with id ${shown}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ""} exists in this target`,
      "invalidValue",
    );
  }
  try {
    for (const operation of operations) {
      const members = operation.ids.map((value) => ({ value, type: info.get(value)?.type ?? ("User" as const) }));
      await store.patchMembers(groupId, operation.op, members);
    }
  } catch (e) {
    if (e instanceof SandboxNotFoundError) return scimError(404, `Group ${groupId} not found`);
    throw e;
  }
  // RFC 7644 §3.5.2 lets a server answer a successful PATCH with 204 and no body.
  return { status: 204, headers: {} };
}

async function handleResource(
  kind: ResourceKind,
  segments: string[],
  method: string,
  request: ScimHttpRequest,
  options: HandleScimOptions,
): Promise<ScimHttpResponse> {
  const ctx: SandboxContext = { store: options.store, baseUrl: options.baseUrl };
  const query = queryOf(request.query);
  const params = resourceParams(query);
  const Resource = resourceClass(kind);
  const [id, extra] = segments;
  const collectionPath = kind === "User" ? "Users" : "Groups";

  if (extra !== undefined) return scimError(404, `Unknown endpoint /${collectionPath}/${segments.join("/")}`);

  const readCtx: SandboxContext = { ...ctx, omitMembers: kind === "Group" && excludesMembers(params) };
  if (id === undefined) {
    if (method === "GET")
      return listResources(kind, params, pagingOf(query.get("startindex"), query.get("count")), readCtx);
    if (method === "POST") {
      const body = normaliseResourceBody(kind, parseBody(request.body));
      const created = (await new Resource(undefined, params).write(body as never, ctx)) as unknown as { id: string };
      // From the id, not meta.location: `attributes` may leave meta out of the body.
      return scimJson(201, created, { Location: `${options.baseUrl}/${collectionPath}/${String(created.id)}` });
    }
    return scimError(405, `${method} is not supported on /${collectionPath}`, undefined, { Allow: "GET, POST" });
  }

  if (id === ".search") {
    if (method !== "POST") return scimError(405, "Use POST for .search", undefined, { Allow: "POST" });
    const body = parseBody(request.body) as Record<string, unknown>;
    const search = new Map<string, unknown>(
      Object.entries(body ?? {}).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(",") : v]),
    );
    const searchParams = resourceParams(search);
    return listResources(kind, searchParams, pagingOf(search.get("startindex"), search.get("count")), {
      ...ctx,
      omitMembers: kind === "Group" && excludesMembers(searchParams),
    });
  }

  const mutex = mutexFor(options.store);
  const lockKey = `${kind}:${id}`;
  switch (method) {
    case "GET":
      return scimJson(200, await new Resource(id, params).read(readCtx));
    case "PUT": {
      const body = normaliseResourceBody(kind, parseBody(request.body));
      return mutex.run(lockKey, async () => scimJson(200, await new Resource(id, params).write(body as never, ctx)));
    }
    case "PATCH": {
      if (kind === "User" && options.disableUserPatch) {
        return scimError(405, "This target does not support PATCH on users; use PUT", undefined, {
          Allow: "GET, PUT, DELETE",
        });
      }
      const body = normalisePatchBody(kind, parseBody(request.body));
      const membership =
        kind === "Group" && !params.attributes && !params.excludedAttributes ? membershipOperations(body) : undefined;
      if (membership) return mutex.run(lockKey, () => patchMembership(id, membership, options.store));
      return mutex.run(lockKey, async () => {
        // Patch without attributes/excludedAttributes: scimmy's PATCH reads through them, so an excluded
        // attribute (members) would be written back as missing. They only shape the response, read afterwards.
        const expanded = expandUnmatchedValuePaths(body, await options.store.get(kind, id));
        const patched = await new Resource(id).patch(expanded as never, ctx);
        const shaped = params.attributes || params.excludedAttributes;
        // scimmy returns nothing when the PATCH changed nothing; answer with the resource either way.
        const result = !shaped && patched ? patched : await new Resource(id, params).read(readCtx);
        return scimJson(200, result);
      });
    }
    case "DELETE":
      return mutex.run(lockKey, async () => {
        await new Resource(id).dispose(ctx);
        return { status: 204, headers: {} };
      });
    default:
      return scimError(405, `${method} is not supported on /${collectionPath}/{id}`, undefined, {
        Allow: "GET, PUT, PATCH, DELETE",
      });
  }
}

async function handleDiscovery(
  name: string,
  segments: string[],
  method: string,
  baseUrl: string,
): Promise<ScimHttpResponse> {
  if (method !== "GET") return scimError(405, `${method} is not supported on /${name}`, undefined, { Allow: "GET" });
  const [id, extra] = segments;
  if (extra !== undefined) return scimError(404, `Unknown endpoint /${name}/${segments.join("/")}`);
  if (name === "ServiceProviderConfig") {
    if (id !== undefined) return scimError(404, "ServiceProviderConfig has no sub-resources");
    const config = toPlain(await new SCIMMY.Resources.ServiceProviderConfig().read());
    return scimJson(200, withLocation(config, `${baseUrl}/ServiceProviderConfig`));
  }
  const Resource = name === "Schemas" ? SCIMMY.Resources.Schema : SCIMMY.Resources.ResourceType;
  const located = (r: Record<string, unknown>) => withLocation(r, `${baseUrl}/${name}/${String(r.id)}`);
  if (id !== undefined) return scimJson(200, located(toPlain(await new Resource(id).read())));
  const list = toPlain(await new Resource().read());
  list.Resources = (list.Resources as Array<Record<string, unknown>>).map(located);
  return scimJson(200, list);
}

/** 401 unless the request carries the sandbox's token; check it before reading a body. */
export function sandboxAuthFailure(headers: ScimHttpRequest["headers"], token: string): ScimHttpResponse | null {
  if (tokenMatches(bearerToken(headers), token)) return null;
  return scimError(401, "Authentication failed: send the sandbox's Secret Token as a bearer token", undefined, {
    "WWW-Authenticate": 'Bearer realm="Provisio sandbox SCIM target"',
  });
}

/** Answers one SCIM request. Never throws: every failure is a SCIM error response. */
export async function handleScimRequest(
  request: ScimHttpRequest,
  options: HandleScimOptions,
): Promise<ScimHttpResponse> {
  try {
    ensureScimmyDeclared();
    const unauthorized = sandboxAuthFailure(request.headers, options.token);
    if (unauthorized) return unauthorized;
    const method = request.method.toUpperCase();
    let segments: string[];
    try {
      segments = request.path
        .split("/")
        .filter(Boolean)
        .map((s) => decodeURIComponent(s));
    } catch {
      return scimError(400, "The request path is not valid", "invalidSyntax");
    }
    const [first, ...rest] = segments;
    if (first === undefined)
      return scimError(
        404,
        "This is the SCIM base URL; use /Users, /Groups, /ServiceProviderConfig, /ResourceTypes or /Schemas",
      );
    const kind = KINDS[first.toLowerCase()];
    if (kind) return await handleResource(kind, rest, method, request, options);
    const discovery = ["ServiceProviderConfig", "ResourceTypes", "Schemas"].find(
      (n) => n.toLowerCase() === first.toLowerCase(),
    );
    if (discovery) return await handleDiscovery(discovery, rest, method, options.baseUrl);
    if (first.toLowerCase() === "bulk")
      return scimError(501, "Bulk operations are not supported by this target (see /ServiceProviderConfig)");
    if (first.toLowerCase() === "me") return scimError(501, "/Me is not supported by this target");
    return scimError(404, `Unknown endpoint /${segments.join("/")}`);
  } catch (e) {
    if (e instanceof HttpError) return e.response;
    if (e instanceof SCIMMY.Types.Error) {
      const status = Number((e as { status?: unknown }).status) || 500;
      const scimType = (e as { scimType?: unknown }).scimType;
      return scimError(status, e.message, typeof scimType === "string" && scimType ? scimType : undefined);
    }
    if (e instanceof TypeError) return scimError(400, e.message, "invalidValue");
    console.error("Sandbox SCIM target: unexpected error:", e instanceof Error ? e.message : e);
    return scimError(500, "The sandbox target failed to process the request");
  }
}
