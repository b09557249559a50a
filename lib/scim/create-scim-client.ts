import { assertTargetHostAllowed } from "../auth/target-host-allowed";
import { AppError } from "../errors";
import { eqFilter } from "./escape-filter-value";
import { RateLimiter, Semaphore, type SharedSlots } from "./rate-limiter";
import { readScimValue } from "./read-scim-value";
import { ScimError, type ScimErrorKind } from "./scim-error";
import {
  createFetchTransport,
  createNodeTransport,
  ResponseTooLargeError,
  TransportTimeoutError,
  type RawAnswer,
} from "./http-transport";

export type ScimResource = { id: string; schemas?: string[]; [k: string]: unknown };
export type PatchOp = { op: "add" | "replace" | "remove"; path?: string; value?: unknown };
export type ScimResourceType = "Users" | "Groups";
export type ScimListResponse = {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: ScimResource[];
};
export type ScimClientStats = {
  /** HTTP requests sent, each retry included. */
  requests: number;
  /** Requests that were retries of an earlier attempt. */
  retries: number;
  /** Answers with 429 Too Many Requests. */
  throttled: number;
  /** Response body bytes received. */
  bytesIn: number;
  /** Request body characters sent (bytes for ASCII bodies). */
  bytesOut: number;
  /** Attempts that failed (non-2xx answer, network error or timeout), retried or not. */
  failures: number;
  /** The request rate currently paced at, after slowing down for 429s (Infinity when unlimited). */
  ratePerSecond: number;
};

export type ScimClientOptions = {
  /** The target's Tenant URL, e.g. https://scim.example.com/scim/v2 (Users and Groups live under it). */
  baseUrl: string;
  /** The Secret Token, sent as a bearer token. Never appears in errors. */
  token: string;
  /** Requests per second at most; Infinity (or 0) for no limit. */
  rateLimitPerSecond: number;
  /**
   * The rate limit's send slots, shared with the other processes that send to this target (PostgreSQL
   * deployments); without it the limit holds within this client.
   */
  sharedSlots?: SharedSlots;
  /** Requests in flight at most. */
  maxConcurrency: number;
  /** Letter case of PATCH op names on the wire: "add" or "Add". */
  patchOpCase: "lower" | "Pascal";
  /** How update() changes users: PATCH, or a full PUT for targets that take no PATCH on users. */
  userUpdateMethod: "PATCH" | "PUT";
  /** Per attempt, including reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Larger response bodies are aborted as a protocol error. Default 5 MB. */
  maxResponseBytes?: number;
  /** Retries after transient errors and 429s. Default 4. */
  maxRetries?: number;
  /** First backoff step (full jitter, doubling per retry). Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Backoff cap per wait. Default 20 s. */
  retryMaxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the 429 is surfaced. Default 120 s. */
  maxRetryAfterMs?: number;
  /** Aborts waiting and in-flight requests; they reject with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Called before each attempt leaves (after its rate-limit slot): undefined to send at once, or a promise
   * to wait for first, whose rejection fails the request unsent. A cycle checks its lease here.
   */
  beforeSend?: () => Promise<void> | undefined;
  /**
   * Send through this fetch instead of the built-in node:http transport (keep-alive, a third of fetch's
   * CPU per request). Global fetch also works: pass `fetch`.
   */
  fetchImpl?: typeof fetch;
};

export interface ScimClient {
  list(
    type: ScimResourceType,
    q?: { filter?: string; startIndex?: number; count?: number; attributes?: string[] },
  ): Promise<ScimListResponse>;
  /** Every resource, page by page (startIndex advances by what each page held; default pageSize 100). */
  listAll(
    type: ScimResourceType,
    q?: { filter?: string; pageSize?: number; attributes?: string[] },
  ): AsyncGenerator<ScimResource>;
  /** `attribute eq "value"` with the value escaped; an exact match is preferred when the target matches loosely. */
  findOne(type: ScimResourceType, attribute: string, value: string): Promise<ScimResource | null>;
  get(type: ScimResourceType, id: string): Promise<ScimResource>;
  create(type: ScimResourceType, body: Record<string, unknown>): Promise<ScimResource>;
  /** PATCH with the ops in the target's letter case. 204 (or no ops: no request at all) gives null. */
  patch(type: ScimResourceType, id: string, ops: PatchOp[]): Promise<ScimResource | null>;
  replace(type: ScimResourceType, id: string, body: Record<string, unknown>): Promise<ScimResource>;
  /**
   * PATCH `ops`, or PUT `fullBody` for targets that take no PATCH (template says PUT for users, or the
   * target answered 405/501 to a PATCH of this type once: remembered for this client). PATCH with no ops
   * sends nothing and gives null.
   */
  update(
    type: ScimResourceType,
    id: string,
    opts: { ops: PatchOp[]; fullBody: Record<string, unknown> },
  ): Promise<ScimResource | null>;
  /** DELETE; a 404 to a retry (the first attempt got through) counts as done. */
  delete(type: ScimResourceType, id: string): Promise<void>;
  /** Whether update() sends PUT for this type (template setting, or learned from a 405/501 to PATCH). */
  usesPut(type: ScimResourceType): boolean;
  stats(): ScimClientStats;
  /** Closes idle keep-alive connections (they also close by themselves and never hold the process open). */
  close(): void;
}

const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const SCIM_JSON = "application/scim+json";
const PASCAL: Record<PatchOp["op"], string> = { add: "Add", replace: "Replace", remove: "Remove" };
const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

type Expect = "resource" | "resourceOrNull" | "list" | "none";
type RequestOptions = { notFoundAfterRetryIsOk?: boolean };

/** What one attempt ended with: parsed JSON (or null for an empty body), or the error to throw or retry. */
type Attempt = { ok: true; json: unknown } | { ok: false; error: ScimError };

/**
 * A SCIM 2.0 client (RFC 7644) for one target: bearer auth, paging, eq filters, PATCH in the target's
 * op letter case with a PUT fallback, per-attempt timeouts, a response-size cap, classified errors,
 * retries (exponential backoff with full jitter for transient errors, Retry-After for 429), a request
 * rate limit that slows down when 429s arrive, and bounded concurrency.
 *
 * Retried POSTs can meet a 409 when the first attempt did reach the target: callers treat a 409 on create
 * as "already there" and match it. A DELETE whose retry answers 404 succeeded earlier and counts as done.
 */
export function createScimClient(opts: ScimClientOptions): ScimClient {
  const baseUrl = normaliseBaseUrl(opts.baseUrl);
  const token = opts.token.trim();
  if (token === "") throw new AppError("scim.invalid_token", "Enter the Secret Token the target application issued.");
  // Header values cannot carry control or non-ASCII characters; fetch would echo the value in its error.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new AppError(
      "scim.invalid_token",
      "The Secret Token contains spaces or characters that cannot be sent in an HTTP header. Copy it again from the target application.",
    );
  }
  if (!Number.isInteger(opts.maxConcurrency) || opts.maxConcurrency < 1)
    throw new RangeError("maxConcurrency must be a positive integer");
  const transport = opts.fetchImpl
    ? createFetchTransport(baseUrl, opts.fetchImpl)
    : createNodeTransport(baseUrl, opts.maxConcurrency);
  const host = new URL(baseUrl).host;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxBytes = opts.maxResponseBytes ?? 5 * 1024 * 1024;
  const maxRetries = opts.maxRetries ?? 4;
  const baseDelay = opts.retryBaseDelayMs ?? 500;
  const maxDelay = opts.retryMaxDelayMs ?? 20_000;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 120_000;
  const signal = opts.signal;
  const limiter = new RateLimiter(opts.rateLimitPerSecond, opts.sharedSlots);
  const semaphore = new Semaphore(opts.maxConcurrency);
  const putOnly = new Set<ScimResourceType>();
  if (opts.userUpdateMethod === "PUT") putOnly.add("Users");
  const pascal = opts.patchOpCase === "Pascal";
  const counters = { requests: 0, retries: 0, throttled: 0, bytesIn: 0, bytesOut: 0, failures: 0 };
  const authorization = `Bearer ${token}`;
  const getHeaders = { Accept: `${SCIM_JSON}, application/json`, Authorization: authorization };
  const bodyHeaders = { ...getHeaders, "Content-Type": `${SCIM_JSON}; charset=utf-8` };

  if (signal) {
    const onAbort = () => {
      limiter.rejectAll(signal.reason);
      semaphore.rejectAll(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  }

  const redact = (text: string): string => (text.includes(token) ? text.split(token).join("[redacted]") : text);

  async function request(
    method: string,
    path: string,
    body: unknown,
    expect: Expect,
    ro?: RequestOptions,
  ): Promise<unknown> {
    const label = `${method} ${path.split("?", 1)[0]}`;
    const headers = body === undefined ? getHeaders : bodyHeaders;
    // Serialised once a slot is free, so callers queueing many requests do not hold their bodies twice.
    let payload: string | undefined;
    let sawTransient = false;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const slot = semaphore.acquire();
      if (slot) await slot;
      let result: Attempt;
      try {
        const permit = limiter.acquire();
        if (permit) await permit;
        const cleared = opts.beforeSend?.();
        if (cleared) await cleared;
        counters.requests++;
        if (attempt > 0) counters.retries++;
        if (body !== undefined) {
          payload ??= JSON.stringify(body);
          counters.bytesOut += payload.length;
        }
        result = await attemptOnce(method, path, label, headers, payload, expect);
      } finally {
        semaphore.release();
      }
      if (result.ok) {
        limiter.onSuccess();
        return result.json;
      }
      counters.failures++;
      const error = result.error;
      if (error.kind === "notFound" && sawTransient && ro?.notFoundAfterRetryIsOk) return null;
      if (error.kind === "rateLimited") counters.throttled++;
      else if (error.kind === "transient") sawTransient = true;
      if (!error.retryable) throw error;
      let delay: number;
      if (error.kind === "rateLimited") {
        // Without Retry-After, wait at least half a backoff step: a 429 retried at once only meets another.
        delay = error.retryAfterMs ?? Math.min(maxDelay, baseDelay * 2 ** attempt) * (0.5 + Math.random() / 2);
        if (delay > maxRetryAfter)
          throw withMessage(
            error,
            `${error.message} It asked to wait ${Math.ceil(delay / 1000)} s, longer than Provisio waits.`,
          );
        limiter.onThrottled(delay);
      } else {
        delay = backoff(attempt);
      }
      if (attempt >= maxRetries) {
        throw withMessage(error, `${error.message} Gave up after ${attempt + 1} attempts.`);
      }
      await sleep(delay, signal);
    }
  }

  function backoff(attempt: number): number {
    return Math.random() * Math.min(maxDelay, baseDelay * 2 ** attempt);
  }

  async function attemptOnce(
    method: string,
    path: string,
    label: string,
    headers: Record<string, string>,
    payload: string | undefined,
    expect: Expect,
  ): Promise<Attempt> {
    let answer: RawAnswer;
    try {
      answer = await transport.send({ method, path, headers, body: payload, timeoutMs, signal, maxBytes, onBytes });
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (e instanceof ResponseTooLargeError) return { ok: false, error: tooLarge(e.bytes, label) };
      if (e instanceof TransportTimeoutError) {
        return {
          ok: false,
          error: new ScimError({
            kind: "transient",
            request: label,
            message: `The target did not answer ${label} within ${formatMs(timeoutMs)}.`,
          }),
        };
      }
      const cause = causeCode(e) ?? causeMessage(e);
      return {
        ok: false,
        error: new ScimError({
          kind: "transient",
          request: label,
          detail: cause === undefined ? undefined : redact(cause),
          message: redact(
            `Could not reach the target at ${host} for ${label}${cause ? ` (${cause})` : ""}. Check the Tenant URL and that the target is up.`,
          ),
        }),
      };
    }
    if (answer.status >= 200 && answer.status < 300) return parseSuccess(answer.status, answer.text, expect, label);
    return { ok: false, error: httpError(answer, label, method) };
  }

  function onBytes(n: number): void {
    counters.bytesIn += n;
  }

  function tooLarge(bytes: number, label: string): ScimError {
    return new ScimError({
      kind: "protocol",
      request: label,
      message: `The target sent an answer to ${label} larger than ${formatBytes(maxBytes)} (${formatBytes(bytes)} or more), which Provisio does not read. Ask for smaller pages.`,
    });
  }

  function parseSuccess(status: number, text: string, expect: Expect, label: string): Attempt {
    if (expect === "none") return { ok: true, json: null };
    if (text.length === 0 || /^\s*$/.test(text)) {
      if (expect === "resourceOrNull") return { ok: true, json: null };
      return {
        ok: false,
        error: protocol(label, `answered ${status} with an empty body where a SCIM resource was expected`),
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return {
        ok: false,
        error: protocol(label, `answered with a body that is not JSON (starts with "${snippet(text, 80)}")`),
      };
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      return { ok: false, error: protocol(label, "answered with JSON that is not a SCIM object") };
    }
    return { ok: true, json };
  }

  function protocol(label: string, what: string): ScimError {
    return new ScimError({ kind: "protocol", request: label, message: redact(`The target ${what} to ${label}.`) });
  }

  function httpError(answer: RawAnswer, label: string, method: string): ScimError {
    const status = answer.status;
    const parsed = parseErrorBody(answer.text);
    const scimType = parsed.scimType ? redact(parsed.scimType) : undefined;
    const detail = parsed.detail ? redact(parsed.detail) : undefined;
    const statusText = `${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ""}`;
    const said = detail ? `: ${detail}` : ".";
    const typed = scimType ? ` (${scimType})` : "";
    let kind: ScimErrorKind;
    let message: string;
    let retryAfterMs: number | undefined;
    if (status === 401) {
      kind = "unauthorized";
      message = `The target refused the Secret Token (${statusText}) on ${label}${said} Check the token, or generate a new one in the target application.`;
    } else if (status === 403) {
      kind = "forbidden";
      message = `The target denied access (${statusText}) on ${label}${said} The Secret Token may lack the rights to manage users and groups.`;
    } else if (status === 404) {
      kind = "notFound";
      message = `The target has no such object (${statusText}) for ${label}${said}`;
    } else if (status === 409 || status === 412) {
      kind = "conflict";
      message = `The target reported a conflict${typed} (${statusText}) on ${label}${said}`;
    } else if (status === 429) {
      kind = "rateLimited";
      retryAfterMs = parseRetryAfter(answer.retryAfter);
      message = `The target is limiting the request rate (${statusText}) on ${label}.`;
    } else if (status === 405 || status === 501) {
      kind = "methodNotAllowed";
      message = `The target does not support ${method} here (${statusText}) on ${label}${said}`;
    } else if (status >= 500 || status === 408) {
      kind = "transient";
      message = `The target failed (${statusText}) on ${label}${said}`;
    } else if (status >= 400) {
      kind = "badRequest";
      message = `The target rejected the request${typed} (${statusText}) on ${label}${said}`;
    } else {
      kind = "protocol";
      message =
        status >= 300 && status < 400
          ? `The target redirected ${label} (${statusText}). Check the Tenant URL: it should be the SCIM base URL itself.`
          : `The target answered ${statusText} to ${label}, which is not a SCIM answer${said}`;
    }
    return new ScimError({ kind, status, scimType, detail, retryAfterMs, request: label, message: redact(message) });
  }

  const encodeId = (id: string): string => {
    if (typeof id !== "string" || id === "") throw new AppError("scim.invalid_id", "A SCIM resource id is missing.");
    return encodeURIComponent(id);
  };

  function asResource(json: unknown, label: string): ScimResource {
    const r = json as Record<string, unknown>;
    if (typeof r.id === "number") r.id = String(r.id);
    if (typeof r.id !== "string" || r.id === "") throw protocol(label, "answered with a resource that has no id");
    return r as ScimResource;
  }

  async function list(
    type: ScimResourceType,
    q: { filter?: string; startIndex?: number; count?: number; attributes?: string[] } = {},
  ): Promise<ScimListResponse> {
    let query = "";
    const add = (k: string, v: string) => {
      query += `${query ? "&" : "?"}${k}=${encodeURIComponent(v)}`;
    };
    if (q.filter !== undefined) add("filter", q.filter);
    if (q.startIndex !== undefined) add("startIndex", String(q.startIndex));
    if (q.count !== undefined) add("count", String(q.count));
    if (q.attributes?.length) add("attributes", q.attributes.join(","));
    const path = `/${type}${query}`;
    const json = (await request("GET", path, undefined, "resource")) as Record<string, unknown>;
    const resources = json.Resources ?? json.resources ?? [];
    if (!Array.isArray(resources))
      throw protocol(`GET /${type}`, "answered with a list whose Resources is not an array");
    for (const r of resources) asResource(r, `GET /${type}`);
    return {
      totalResults: integerOr(json.totalResults, resources.length),
      startIndex: integerOr(json.startIndex, q.startIndex ?? 1),
      itemsPerPage: integerOr(json.itemsPerPage, resources.length),
      Resources: resources as ScimResource[],
    };
  }

  async function* listAll(
    type: ScimResourceType,
    q: { filter?: string; pageSize?: number; attributes?: string[] } = {},
  ): AsyncGenerator<ScimResource> {
    const count = q.pageSize ?? 100;
    let startIndex = 1;
    let previousFirstId: string | undefined;
    for (;;) {
      const page = await list(type, { filter: q.filter, startIndex, count, attributes: q.attributes });
      const n = page.Resources.length;
      if (n === 0) return;
      // A target that ignores startIndex would send page one forever.
      if (startIndex > 1 && page.Resources[0].id === previousFirstId) {
        throw protocol(`GET /${type}`, "ignored startIndex and sent the same page twice while paging");
      }
      previousFirstId = page.Resources[0].id;
      for (const r of page.Resources) yield r;
      startIndex += n;
      if (startIndex > page.totalResults) return;
    }
  }

  async function patch(type: ScimResourceType, id: string, ops: PatchOp[]): Promise<ScimResource | null> {
    const path = `/${type}/${encodeId(id)}`;
    // RFC 7644 §3.5.2 wants at least one operation; nothing to change costs no request.
    if (ops.length === 0) return null;
    const Operations = ops.map((o) => {
      const op = pascal ? PASCAL[o.op] : o.op;
      const wire: Record<string, unknown> = { op };
      if (o.path !== undefined) wire.path = o.path;
      if (o.value !== undefined) wire.value = o.value;
      return wire;
    });
    try {
      const json = await request("PATCH", path, { schemas: [PATCH_SCHEMA], Operations }, "resourceOrNull");
      return json === null ? null : asResource(json, `PATCH /${type}`);
    } catch (e) {
      if (e instanceof ScimError && e.kind === "methodNotAllowed") putOnly.add(type);
      throw e;
    }
  }

  async function replace(type: ScimResourceType, id: string, body: Record<string, unknown>): Promise<ScimResource> {
    const full = body.id === undefined ? { ...body, id } : body;
    const json = await request("PUT", `/${type}/${encodeId(id)}`, full, "resourceOrNull");
    return json === null ? ({ ...full, id } as ScimResource) : asResource(json, `PUT /${type}`);
  }

  return {
    list,
    listAll,
    async findOne(type, attribute, value) {
      const page = await list(type, { filter: eqFilter(attribute, value) });
      if (page.Resources.length === 0) return null;
      // Prefer an exact match when a target matches loosely (userName is case-insensitive in RFC 7643).
      return page.Resources.find((r) => readScimValue(r, attribute) === value) ?? page.Resources[0];
    },
    async get(type, id) {
      return asResource(await request("GET", `/${type}/${encodeId(id)}`, undefined, "resource"), `GET /${type}`);
    },
    async create(type, body) {
      return asResource(await request("POST", `/${type}`, body, "resource"), `POST /${type}`);
    },
    patch,
    replace,
    async update(type, id, { ops, fullBody }) {
      if (putOnly.has(type)) return replace(type, id, fullBody);
      if (ops.length === 0) return null;
      try {
        return await patch(type, id, ops);
      } catch (e) {
        if (e instanceof ScimError && e.kind === "methodNotAllowed") return replace(type, id, fullBody);
        throw e;
      }
    },
    async delete(type, id) {
      await request("DELETE", `/${type}/${encodeId(id)}`, undefined, "none", { notFoundAfterRetryIsOk: true });
    },
    usesPut(type) {
      return putOnly.has(type);
    },
    stats() {
      return { ...counters, ratePerSecond: limiter.currentRate };
    },
    close() {
      transport.close();
    },
  };
}

/** Some targets send list counts as strings ("totalResults": "250"). */
function integerOr(v: unknown, fallback: number): number {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError("scim.invalid_tenant_url", "The Tenant URL is not a valid URL. Enter it as https://host/path.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new AppError(
      "scim.invalid_tenant_url",
      "The Tenant URL must start with https:// (or http:// for a local target).",
    );
  }
  if (url.username || url.password)
    throw new AppError("scim.invalid_tenant_url", "The Tenant URL must not contain a user name or password.");
  assertTargetHostAllowed(url.toString());
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "");
}

/** RFC 7644 §3.12 error body, or a non-SCIM one: detail from `detail`, `message`, `error`, or a snippet. */
function parseErrorBody(text: string): { scimType?: string; detail?: string } {
  const trimmed = text.trim();
  if (trimmed === "") return {};
  if (trimmed.startsWith("{")) {
    try {
      const json = JSON.parse(trimmed) as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
      const nested =
        json.error !== null && typeof json.error === "object" ? (json.error as Record<string, unknown>) : undefined;
      const scimType = str(json.scimType);
      const detail =
        str(json.detail) ??
        str(json.message) ??
        str(nested?.message) ??
        str(json.error_description) ??
        str(json.error) ??
        str(json.title);
      return { scimType, detail: detail === undefined ? snippet(trimmed, 200) : truncate(detail, 500) };
    } catch {
      /* not JSON after all */
    }
  }
  return { detail: snippet(trimmed, 200) };
}

/** A short single-line excerpt of a body, markup stripped. */
function snippet(text: string, max: number): string {
  return truncate(
    text
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
    max,
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - Date.now());
}

function causeCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** fetch wraps the reason in "fetch failed"; the cause says what happened (e.g. "bad port"). */
function causeMessage(e: unknown): string | undefined {
  const cause = e && typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  const message = cause instanceof Error ? cause.message : e instanceof Error ? e.message : undefined;
  return message ? truncate(message, 120) : undefined;
}

function withMessage(error: ScimError, message: string): ScimError {
  return new ScimError({
    kind: error.kind,
    message,
    status: error.status,
    scimType: error.scimType,
    detail: error.detail,
    retryable: error.retryable,
    request: error.request,
    retryAfterMs: error.retryAfterMs,
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
