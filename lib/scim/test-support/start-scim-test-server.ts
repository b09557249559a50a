import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

/**
 * A small in-memory SCIM 2.0 server on loopback for testing the client over real HTTP, with hooks to
 * inject faults. Deliberately independent of lib/scim (its own filter and PATCH handling), so the tests
 * check the client against a second reading of RFC 7644, not against itself.
 */
export type RecordedRequest = {
  method: string;
  /** Path and query as received. */
  url: string;
  /** Path below the base path, e.g. "/Users/abc". */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** When the request arrived (wall clock, ms). */
  at: number;
};

export type TestServerOptions = {
  /** Bearer token required; requests without it get 401. */
  token?: string;
  /** Answer 429 (Retry-After: 1) when this many requests were accepted within the last second. */
  rateLimitPerSecond?: number;
  /** Answer PATCH with this status (405 or 501), like targets that take only PUT. */
  disablePatch?: 405 | 501;
  /** Delay before each answer, ms (to make concurrency observable). */
  latencyMs?: number;
  /** Fault hook: respond yourself and return true to take over the request. */
  beforeRequest?: (req: RecordedRequest, res: http.ServerResponse) => boolean | Promise<boolean>;
};

export type ScimTestServer = {
  /** The Tenant URL (ends in /scim/v2). */
  baseUrl: string;
  users: Map<string, Record<string, unknown>>;
  groups: Map<string, Record<string, unknown>>;
  /** Every request received, in order of arrival. */
  requests: RecordedRequest[];
  /** Most requests in flight at once. */
  maxInFlight: () => number;
  /** Number of requests answered 429 by the built-in limiter. */
  rejected429: () => number;
  options: TestServerOptions;
  close: () => Promise<void>;
};

const BASE = "/scim/v2";
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

export function sendScimError(
  res: http.ServerResponse,
  status: number,
  detail: string,
  scimType?: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({
    schemas: [ERROR_SCHEMA],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  });
  res.writeHead(status, { "Content-Type": "application/scim+json", ...headers });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/scim+json" });
  res.end(JSON.stringify(body));
}

export async function startScimTestServer(options: TestServerOptions = {}): Promise<ScimTestServer> {
  const users = new Map<string, Record<string, unknown>>();
  const groups = new Map<string, Record<string, unknown>>();
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let rejected = 0;
  const accepted: number[] = [];

  const server = http.createServer((req, res) => {
    const arrivedAt = Date.now();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on("finish", finish);
    res.on("close", finish);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void handle(req, res, Buffer.concat(chunks).toString("utf8"), arrivedAt).catch((e) => {
        if (!res.headersSent) sendScimError(res, 500, String(e));
      });
    });
  });

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    raw: string,
    arrivedAt: number,
  ): Promise<void> {
    const u = new URL(req.url ?? "/", "http://localhost");
    let body: unknown = undefined;
    if (raw !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendScimError(res, 400, "Body is not JSON", "invalidSyntax");
      }
    }
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      path: u.pathname.startsWith(BASE) ? u.pathname.slice(BASE.length) : u.pathname,
      query: u.searchParams,
      headers: req.headers,
      body,
      at: arrivedAt,
    };
    requests.push(record);

    if (options.rateLimitPerSecond !== undefined) {
      const now = arrivedAt;
      while (accepted.length && accepted[0] <= now - 1000) accepted.shift();
      if (accepted.length >= options.rateLimitPerSecond) {
        rejected++;
        return sendScimError(res, 429, "Too many requests", undefined, { "Retry-After": "1" });
      }
      accepted.push(now);
    }
    if (options.beforeRequest && (await options.beforeRequest(record, res))) return;
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      return sendScimError(res, 401, "Bearer token is missing or wrong");
    }
    route(record, res);
  }

  function route(r: RecordedRequest, res: http.ServerResponse): void {
    const m = /^\/(Users|Groups)(?:\/([^/]+))?$/.exec(r.path);
    if (!m) return sendScimError(res, 404, `No endpoint ${r.path}`);
    const type = m[1] as "Users" | "Groups";
    const id = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    const store = type === "Users" ? users : groups;
    const keyAttr = type === "Users" ? "userName" : "displayName";
    if (id === undefined) {
      if (r.method === "GET") return sendJson(res, 200, listResponse(store, r.query));
      if (r.method === "POST") {
        const b = r.body as Record<string, unknown>;
        if (!b || typeof b[keyAttr] !== "string")
          return sendScimError(res, 400, `${keyAttr} is required`, "invalidValue");
        const key = String(b[keyAttr]).toLowerCase();
        for (const existing of store.values()) {
          if (String(existing[keyAttr]).toLowerCase() === key)
            return sendScimError(res, 409, `${keyAttr} ${b[keyAttr]} is already taken`, "uniqueness");
        }
        const resource = { ...b, id: randomUUID(), meta: { resourceType: type === "Users" ? "User" : "Group" } };
        store.set(resource.id, resource);
        return sendJson(res, 201, resource);
      }
      return sendScimError(res, 405, "Method not allowed");
    }
    const current = store.get(id);
    if (!current) return sendScimError(res, 404, `Resource ${id} not found`);
    if (r.method === "GET") return sendJson(res, 200, current);
    if (r.method === "DELETE") {
      store.delete(id);
      res.writeHead(204).end();
      return;
    }
    if (r.method === "PUT") {
      const next = { ...(r.body as Record<string, unknown>), id, meta: current.meta };
      store.set(id, next);
      return sendJson(res, 200, next);
    }
    if (r.method === "PATCH") {
      if (options.disablePatch) return sendScimError(res, options.disablePatch, "PATCH is not supported");
      const ops = (r.body as { Operations?: { op: string; path?: string; value?: unknown }[] }).Operations ?? [];
      const next = structuredClone(current);
      for (const op of ops) {
        const err = applyOp(next, op);
        if (err) return sendScimError(res, 400, err, "invalidPath");
      }
      store.set(id, next);
      return sendJson(res, 200, next);
    }
    return sendScimError(res, 405, "Method not allowed");
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}${BASE}`,
    users,
    groups,
    requests,
    maxInFlight: () => maxInFlight,
    rejected429: () => rejected,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listResponse(store: Map<string, Record<string, unknown>>, q: URLSearchParams) {
  let all = [...store.values()];
  const filter = q.get("filter");
  if (filter !== null) {
    const m = /^(\S+) eq (.+)$/.exec(filter);
    if (!m) throw new Error(`unsupported filter ${filter}`);
    const expected = JSON.parse(m[2]) as unknown;
    const attr = m[1];
    all = all.filter((r) => {
      const actual = r[attr];
      // userName and displayName compare case-insensitively, like most targets.
      return typeof actual === "string" && typeof expected === "string"
        ? actual.toLowerCase() === expected.toLowerCase()
        : actual === expected;
    });
  }
  const startIndex = Math.max(1, Number(q.get("startIndex") ?? 1));
  // Like many targets, cap the page size below what was asked for.
  const count = Math.min(Number(q.get("count") ?? 50), 50);
  const page = all.slice(startIndex - 1, startIndex - 1 + count);
  return { schemas: [LIST_SCHEMA], totalResults: all.length, startIndex, itemsPerPage: page.length, Resources: page };
}

/** Enough of RFC 7644 §3.5.2 for the tests: plain, dotted, URN and `attr[x eq "y"](.sub)` paths. */
function applyOp(
  resource: Record<string, unknown>,
  op: { op: string; path?: string; value?: unknown },
): string | undefined {
  const name = op.op.toLowerCase();
  if (op.path === undefined) {
    if (name === "remove") return "remove needs a path";
    Object.assign(resource, op.value as object);
    return undefined;
  }
  let container = resource;
  let path = op.path;
  if (path.startsWith("urn:")) {
    const bracket = path.indexOf("[");
    const head = bracket === -1 ? path : path.slice(0, bracket);
    const colon = head.lastIndexOf(":");
    const schema = path.slice(0, colon);
    container = (resource[schema] ??= {}) as Record<string, unknown>;
    path = path.slice(colon + 1);
  }
  const fm = /^(\w+)\[(\w+) eq (.+)\](?:\.(\w+))?$/.exec(path);
  if (fm) {
    const [, attr, fAttr, literal, sub] = fm;
    const expected = JSON.parse(literal) as unknown;
    const list = (container[attr] ?? []) as Record<string, unknown>[];
    const matches = list.filter((e) => e[fAttr] === expected);
    if (name === "remove") {
      if (sub) for (const e of matches) delete e[sub];
      else container[attr] = list.filter((e) => !matches.includes(e));
      return undefined;
    }
    if (matches.length === 0) return `no value matches ${op.path}`;
    for (const e of matches) {
      if (sub) e[sub] = op.value;
      else Object.assign(e, op.value as object);
    }
    return undefined;
  }
  const [attr, sub] = path.split(".");
  if (sub !== undefined) {
    const inner = (container[attr] ??= {}) as Record<string, unknown>;
    if (name === "remove") delete inner[sub];
    else inner[sub] = op.value;
    return undefined;
  }
  if (name === "remove") delete container[attr];
  else if (name === "add" && Array.isArray(container[attr]) && Array.isArray(op.value))
    container[attr] = [...(container[attr] as unknown[]), ...op.value];
  else container[attr] = op.value;
  return undefined;
}
