/**
 * The target's raw capacity: POSTs of unique users at a fixed concurrency over keep-alive connections
 * (node:http, as the engine's SCIM client uses), for a bounded time and a bounded number of requests.
 * A small load generator of our own rather than autocannon: no dependency, and each request body is unique
 * (the target refuses a duplicate userName with 409).
 */
import http from "node:http";

export type RawLoadResult = {
  concurrency: number;
  requests: number;
  ok: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
};

export async function runRawLoad(opts: {
  url: string;
  token: string;
  concurrency: number;
  seconds: number;
  maxRequests: number;
  prefix: string;
}): Promise<RawLoadResult> {
  const base = new URL(opts.url.replace(/\/$/, "") + "/Users");
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;

  const post = (i: number) =>
    new Promise<number>((resolve) => {
      const body = JSON.stringify({
        schemas: [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        ],
        userName: `${opts.prefix}${i}@raw.example.com`,
        externalId: `${opts.prefix}${i}`,
        active: true,
        displayName: `Raw Load ${i}`,
        name: { givenName: "Raw", familyName: `Load ${i}` },
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Engineering" },
      });
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          path: base.pathname,
          method: "POST",
          agent,
          timeout: 30_000,
          headers: {
            Authorization: `Bearer ${opts.token}`,
            Accept: "application/scim+json, application/json",
            "Content-Type": "application/scim+json; charset=utf-8",
            "Content-Length": Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", () => resolve(0));
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => resolve(0));
      req.end(body);
    });

  const worker = async () => {
    while (sent < opts.maxRequests && performance.now() < deadline) {
      const i = sent++;
      const started = performance.now();
      const status = await post(i);
      latencies.push(performance.now() - started);
      if (status === 201) ok++;
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : 0;
  return {
    concurrency: opts.concurrency,
    requests: sent,
    ok,
    errors,
    seconds,
    requestsPerSecond: sent / seconds,
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
  };
}
