/**
 * The benchmark's SCIM target: the standalone sandbox server (lib/sandbox/start-sandbox-server.ts, in-memory
 * store) in a process of its own, on loopback. Same flags as scripts/sandbox-server.ts (--port, --token,
 * --rate-limit), plus the server's own counters on request: write "stats" on stdin and it answers one JSON
 * line {"requests", "throttled", "cpuMs", "rssBytes"} on stdout. scripts/sandbox-server.ts prints only its URL, and the 429 share
 * must come from the target, not from the client being measured. Under --rate-limit the stats also give
 * the arrival times of the first and last request. Stops on SIGTERM, SIGINT or stdin closing
 * (so it never outlives the benchmark).
 */
import readline from "node:readline";
import { startSandboxServer } from "../lib/sandbox/start-sandbox-server";

function parseArgs(argv: string[]): { port: number; token: string; rateLimit?: number } {
  let port = 0;
  let token = "";
  let rateLimit: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i] ?? "";
    if (flag === "--port") port = Number(value());
    else if (flag === "--token") token = value();
    else if (flag === "--rate-limit") rateLimit = Number(value());
    else throw new Error(`Unknown option ${argv[i]} (use --port, --token, --rate-limit)`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be an integer from 0 to 65535");
  if (!token) throw new Error("--token is required");
  if (rateLimit !== undefined && !(rateLimit > 0)) throw new Error("--rate-limit must be a positive number");
  return { port, token, rateLimit };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // Under a rate limit, also note when the first and last requests arrived, so the achieved rate is taken
  // over the span the client was actually sending (the hook adds a JSON.parse per request: not used for
  // the unthrottled runs, whose throughput is measured).
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  const server = await startSandboxServer({
    port: args.port,
    token: args.token,
    rateLimitPerSecond: args.rateLimit,
    beforeRequest: args.rateLimit
      ? () => {
          const now = Date.now();
          firstAt ??= now;
          lastAt = now;
          return undefined;
        }
      : undefined,
  });
  const write = (v: unknown) => process.stdout.write(JSON.stringify(v) + "\n");
  write({ url: server.url, pid: process.pid });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    // Keep-alive sockets can hold close() open: never linger.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  const lines = readline.createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    const command = line.trim();
    if (command === "stats") {
      write({
        requests: server.stats.requests,
        throttled: server.stats.throttled,
        firstAt,
        lastAt,
        rssBytes: process.memoryUsage().rss,
        cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      });
    } else if (command === "stop") stop();
  });
  lines.on("close", stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
