import http from "node:http";
import https from "node:https";

/** One HTTP exchange as the SCIM client needs it: status, Retry-After and the body text. */
export type RawAnswer = { status: number; retryAfter: string | null; text: string };

export type TransportRequest = {
  method: string;
  /** Path and query below the Tenant URL, e.g. "/Users?filter=...". */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Whole exchange, body included; past it the send rejects with TransportTimeoutError. */
  timeoutMs: number;
  /** The caller's signal: aborting it rejects the send with the signal's reason. */
  signal?: AbortSignal;
  /** Bodies larger than this reject with ResponseTooLargeError. */
  maxBytes: number;
  /** Called with the number of body bytes received (also when the body is cut off). */
  onBytes: (n: number) => void;
};

export type Transport = {
  send(req: TransportRequest): Promise<RawAnswer>;
  /** Closes idle keep-alive connections. */
  close(): void;
};

export class TransportTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
  }
}

export class ResponseTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`response larger than allowed (${bytes} bytes or more)`);
  }
}

/**
 * node:http(s) with a keep-alive agent of `maxSockets` connections: about a third of the CPU per request
 * that global fetch (undici's WHATWG layer) costs, which matters when the client shares two cores with
 * the target it is provisioning (benchmarks) or pushes 100,000 users. Redirects are not followed (a SCIM
 * target that redirects is misconfigured, and following would resend the bearer token).
 */
export function createNodeTransport(baseUrl: string, maxSockets: number): Transport {
  const url = new URL(baseUrl);
  const secure = url.protocol === "https:";
  const mod = secure ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 });
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port);
  const basePath = url.pathname.replace(/\/+$/, "");

  return {
    close: () => agent.destroy(),
    send(r) {
      return new Promise<RawAnswer>((resolve, reject) => {
        let settled = false;
        // A timer rather than an AbortController: this path runs 100,000 times a cycle.
        const timer = setTimeout(() => {
          req.destroy();
          fail(new TransportTimeoutError(r.timeoutMs));
        }, r.timeoutMs);
        const fail = (e: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(e);
        };
        const headers: Record<string, string | number> =
          r.body === undefined ? r.headers : { ...r.headers, "Content-Length": Buffer.byteLength(r.body) };
        const options: http.RequestOptions = {
          agent,
          hostname,
          port,
          path: basePath + r.path,
          method: r.method,
          headers,
        };
        if (r.signal) options.signal = r.signal;
        const req = mod.request(options, (res) => {
          const declared = res.headers["content-length"];
          if (declared !== undefined && Number(declared) > r.maxBytes) {
            req.destroy();
            fail(new ResponseTooLargeError(Number(declared)));
            return;
          }
          const chunks: Buffer[] = [];
          let total = 0;
          res.on("data", (chunk: Buffer) => {
            if (settled) return;
            total += chunk.length;
            if (total > r.maxBytes) {
              r.onBytes(total);
              req.destroy();
              fail(new ResponseTooLargeError(total));
              return;
            }
            chunks.push(chunk);
          });
          res.on("end", () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            r.onBytes(total);
            const text =
              chunks.length === 0
                ? ""
                : chunks.length === 1
                  ? chunks[0].toString("utf8")
                  : Buffer.concat(chunks, total).toString("utf8");
            const retryAfter = res.headers["retry-after"];
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: typeof retryAfter === "string" ? retryAfter : null,
              text,
            });
          });
          res.on("error", fail);
          res.on("aborted", () => fail(new Error("the connection closed before the answer was complete")));
          res.on("close", () => fail(new Error("the connection closed before the answer was complete")));
        });
        req.on("error", fail);
        req.end(r.body);
      });
    },
  };
}

/** Any fetch implementation (global fetch, or a test double). */
export function createFetchTransport(baseUrl: string, fetchImpl: typeof fetch): Transport {
  return {
    close: () => {},
    async send(r) {
      const ac = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        ac.abort();
      }, r.timeoutMs);
      const onOuterAbort = () => ac.abort(r.signal!.reason);
      r.signal?.addEventListener("abort", onOuterAbort, { once: true });
      try {
        return await fetchOnce(r, ac.signal);
      } catch (e) {
        if (timedOut) throw new TransportTimeoutError(r.timeoutMs);
        throw e;
      } finally {
        clearTimeout(timer);
        r.signal?.removeEventListener("abort", onOuterAbort);
      }
    },
  };

  async function fetchOnce(r: TransportRequest, signal: AbortSignal): Promise<RawAnswer> {
    // Redirects are not followed, as with node:http: the Tenant URL must be the SCIM base itself.
    const res = await fetchImpl(baseUrl + r.path, {
      method: r.method,
      headers: r.headers,
      body: r.body,
      signal,
      redirect: "manual",
    });
    const declared = res.headers.get("content-length");
    if (declared !== null && Number(declared) > r.maxBytes) {
      res.body?.cancel().catch(() => {});
      throw new ResponseTooLargeError(Number(declared));
    }
    let text = "";
    if (res.body !== null) {
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let total = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > r.maxBytes) {
          reader.cancel().catch(() => {});
          r.onBytes(total);
          throw new ResponseTooLargeError(total);
        }
        chunks.push(value);
      }
      r.onBytes(total);
      if (chunks.length === 1)
        text = Buffer.from(chunks[0].buffer, chunks[0].byteOffset, chunks[0].byteLength).toString("utf8");
      else if (chunks.length > 1) text = Buffer.concat(chunks, total).toString("utf8");
    } else {
      r.onBytes(0);
    }
    return { status: res.status, retryAfter: res.headers.get("retry-after"), text };
  }
}
