import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import readline from "node:readline";
import { prisma } from "../db/prisma";

/**
 * For tests that must show the server stays responsive while something heavy runs: a real HTTP server in the
 * test's own process answering `/api/health` as the app does (a database query through the shared Prisma
 * client), and a probe in another process that asks it every few milliseconds and records how long each
 * answer took. A test process whose event loop is blocked (or whose Prisma queue is held) answers late, and
 * the probe, running elsewhere, sees it.
 */
export async function startHealthServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        await prisma.$queryRawUnsafe("SELECT 1");
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      } catch {
        res.writeHead(503).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/health`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type HealthSample = { ms: number; status: number };

// Plain CommonJS for `node -e`: one request at a time, a short pause between them; stops when stdin closes
// and prints every sample as one JSON line. "ready" follows the first answer.
const PROBE_SOURCE = `
const http = require("node:http");
const [url, pause, headers] = [process.argv[1], Number(process.argv[2]), JSON.parse(process.argv[3] || "{}")];
let stop = false;
process.stdin.on("end", () => { stop = true; });
process.stdin.resume();
const samples = [];
const once = () => new Promise((resolve) => {
  const t = Date.now();
  const req = http.get(url, { headers }, (res) => {
    res.resume();
    res.on("end", () => resolve({ ms: Date.now() - t, status: res.statusCode }));
  });
  req.setTimeout(120000, () => req.destroy());
  req.on("error", () => resolve({ ms: Date.now() - t, status: 0 }));
});
(async () => {
  let first = true;
  while (!stop) {
    samples.push(await once());
    if (first) { first = false; process.stdout.write("ready\\n"); }
    await new Promise((r) => setTimeout(r, pause));
  }
  process.stdout.write(JSON.stringify(samples) + "\\n");
})();
`;

/**
 * Starts asking `url` for an answer, one request at a time, from a separate process; resolves once the first
 * answer came. `stop()` waits for the request in flight and returns every sample.
 */
async function startHealthProbe(
  url: string,
  opts: { pauseMs?: number; headers?: Record<string, string> } = {},
): Promise<{ stop: () => Promise<HealthSample[]> }> {
  const child = spawn(
    process.execPath,
    ["-e", PROBE_SOURCE, url, String(opts.pauseMs ?? 50), JSON.stringify(opts.headers ?? {})],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = readline.createInterface({ input: child.stdout });
  const next = () => new Promise<string>((resolve) => lines.once("line", resolve));
  const ready = await next();
  if (ready !== "ready") throw new Error(`The health probe did not start: ${ready}`);
  return {
    stop: async () => {
      const result = next();
      child.stdin.end();
      return JSON.parse(await result) as HealthSample[];
    },
  };
}

/** Runs `work` while probing `url`; returns its result and the slowest health answer. */
export async function whileProbing<T>(
  url: string,
  work: () => Promise<T>,
): Promise<{ result: T; samples: HealthSample[]; slowestMs: number }> {
  const probe = await startHealthProbe(url);
  const outcome = await work().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const samples = await probe.stop();
  if (!outcome.ok) throw outcome.error;
  return { result: outcome.value, samples, slowestMs: Math.max(...samples.map((s) => s.ms)) };
}
