import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { serveScimPushRequest } from "./serve-scim-push-request";

export type ScimPushServer = { origin: string; port: number; close(): Promise<void> };

/**
 * The SCIM push endpoint on node:http, for tests and benchmarks: the same serveScimPushRequest the Next.js
 * route calls, over real HTTP on loopback, against this process's database.
 */
export async function startScimPushServer(opts: { port?: number } = {}): Promise<ScimPushServer> {
  let origin = "";
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const method = (req.method ?? "GET").toUpperCase();
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const hasBody = method !== "GET" && method !== "HEAD";
        const request = new Request(`${origin}${req.url ?? "/"}`, {
          method,
          headers,
          body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
          // @ts-expect-error Node's fetch needs duplex for a streamed request body
          duplex: "half",
        });
        const response = await serveScimPushRequest(request, { baseOrigin: origin });
        const payload = Buffer.from(await response.arrayBuffer());
        const out = Object.fromEntries(response.headers);
        // A body left unread (401, 413) would desynchronise a kept-alive connection: close it instead.
        if (!req.complete) out.connection = "close";
        res.writeHead(response.status, out);
        const socket = req.socket;
        const unread = !req.complete;
        res.end(payload, () => {
          if (unread) socket?.destroy();
        });
      } catch (e) {
        console.error("SCIM push test server:", e instanceof Error ? e.message : e);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    })();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
