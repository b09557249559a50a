import http from "node:http";
import type { AddressInfo } from "node:net";
import { handleScimRequest, scimError, type ScimHttpResponse } from "./handle-scim-request";
import { MemorySandboxStore } from "./memory-sandbox-store";
import type { ScimObject } from "./sandbox-store";
import { ensureScimmyDeclared } from "./scimmy-resources";

/**
 * A standalone sandbox SCIM 2.0 target on node:http with an in-memory store, for tests and benchmarks:
 * loopback only, optional request-rate limit (429 with Retry-After), optional "PUT only" users, and a hook for
 * injecting faults. Same protocol code as the app's sandbox (handle-scim-request.ts).
 */

export type FaultResponse = { status?: number; headers?: Record<string, string>; body?: string; delayMs?: number };

export type StartSandboxServerOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  token: string;
  /** Requests per second above which the server answers 429 with Retry-After. */
  rateLimitPerSecond?: number;
  /** Answer 405 to PATCH /Users/{id}, like targets that only take PUT. */
  disableUserPatch?: boolean;
  /**
   * Called first for every request. Return a response to send instead (after `delayMs`), only `delayMs` to
   * slow the request down and then handle it normally, or undefined to handle it normally.
   */
  beforeRequest?: (req: {
    method: string;
    path: string;
    body: unknown;
  }) => FaultResponse | undefined | Promise<FaultResponse | undefined>;
};

export type SandboxServerStats = { requests: number; throttled: number };

/** The in-memory store plus seeding that goes through the same validation as POST. */
class SandboxServerStore extends MemorySandboxStore {
  constructor(private readonly seedRequest: (path: string, body: unknown) => Promise<ScimHttpResponse>) {
    super();
  }

  private async seed(path: string, resource: Record<string, unknown>): Promise<ScimObject> {
    const res = await this.seedRequest(path, resource);
    if (res.status !== 201) throw new Error(`Seeding ${path} failed with ${res.status}: ${res.body}`);
    return JSON.parse(res.body!) as ScimObject;
  }

  /** Creates a user as a POST would (validated by scimmy); returns the SCIM resource with its id. */
  seedUser(resource: Record<string, unknown>): Promise<ScimObject> {
    return this.seed("/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], ...resource });
  }

  /** Creates a group as a POST would; members must be ids of existing users or groups. */
  seedGroup(resource: Record<string, unknown>): Promise<ScimObject> {
    return this.seed("/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], ...resource });
  }
}

export type SandboxServer = {
  /** Base URL ending in /scim/v2. */
  url: string;
  port: number;
  close(): Promise<void>;
  store: SandboxServerStore;
  stats: SandboxServerStats;
};

const BASE_PATH = "/scim/v2";
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A token bucket holding one second's worth of requests. */
class RateLimiter {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }

  /** Seconds to wait, or 0 when the request may go ahead. */
  take(): number {
    const now = performance.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
  }
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length ? Buffer.concat(chunks).toString("utf8") : null));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, response: ScimHttpResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(response.status, response.headers);
  res.end(response.body ?? undefined);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSandboxServer(opts: StartSandboxServerOptions): Promise<SandboxServer> {
  if (!opts.token) throw new Error("startSandboxServer needs a token");
  ensureScimmyDeclared();
  const stats: SandboxServerStats = { requests: 0, throttled: 0 };
  const limiter =
    opts.rateLimitPerSecond && opts.rateLimitPerSecond > 0 ? new RateLimiter(opts.rateLimitPerSecond) : undefined;
  let baseUrl = "";

  const store: SandboxServerStore = new SandboxServerStore((path, body) =>
    handleScimRequest(
      { method: "POST", path, headers: { authorization: `Bearer ${opts.token}` }, body: JSON.stringify(body) },
      { store, baseUrl, token: opts.token },
    ),
  );

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    stats.requests++;
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let text: string | null;
      try {
        text = await readBody(req);
      } catch {
        send(res, scimError(413, "The request body is larger than 10 MB"));
        return;
      }
      const inBase = url.pathname === BASE_PATH || url.pathname.startsWith(BASE_PATH + "/");
      const path = inBase ? url.pathname.slice(BASE_PATH.length) : url.pathname;

      if (opts.beforeRequest) {
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          /* hand the raw text to the hook */
        }
        const fault = await opts.beforeRequest({ method: (req.method ?? "GET").toUpperCase(), path, body: parsed });
        if (fault?.delayMs) await sleep(fault.delayMs);
        if (fault?.status !== undefined) {
          send(res, {
            status: fault.status,
            headers: { "Content-Type": "application/scim+json; charset=utf-8", ...fault.headers },
            body: fault.body,
          });
          return;
        }
      }

      if (limiter) {
        const wait = limiter.take();
        if (wait > 0) {
          stats.throttled++;
          send(
            res,
            scimError(429, "Too many requests: slow down and retry after the Retry-After delay", undefined, {
              "Retry-After": String(wait),
            }),
          );
          return;
        }
      }

      if (!inBase) {
        send(res, scimError(404, `Not found: the SCIM base URL is ${baseUrl}`));
        return;
      }
      const response = await handleScimRequest(
        { method: req.method ?? "GET", path, query: url.searchParams, headers: req.headers, body: text },
        { store, baseUrl, token: opts.token, disableUserPatch: opts.disableUserPatch },
      );
      send(res, response);
    } catch (e) {
      console.error("Sandbox server: unexpected error:", e instanceof Error ? e.message : e);
      send(res, scimError(500, "The sandbox server failed to process the request"));
    }
  };
  // handle() catches everything itself, so the promise never rejects.
  const server = http.createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}${BASE_PATH}`;

  return {
    url: baseUrl,
    port,
    store,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
