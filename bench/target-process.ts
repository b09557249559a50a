/**
 * The benchmark's SCIM target: the standalone sandbox server (lib/sandbox/start-sandbox-server.ts, in-memory
 * store) in a process of its own, on loopback. Same flags as scripts/sandbox-server.ts (--port, --token,
 * --rate-limit), plus the server's own counters on request: write "stats" on stdin and it answers one JSON
 * line {"requests", "throttled", "cpuMs", "rssBytes"} on stdout. scripts/sandbox-server.ts prints only its URL, and the 429 share
 * must come from the target, not from the client being measured. Under --rate-limit the stats also give
 * the arrival times of the first and last request. Stops on SIGTERM, SIGINT or stdin closing
 * (so it never outlives the benchmark).
 *
 * `--count N` serves N independent targets from the one process, each on a port of its own with its own
 * store and its own --rate-limit (the first line then also lists every URL as "urls"; the stats add them up):
 * the 50-application queue benchmark needs 50 targets, and 50 Node processes on two cores measure mostly
 * the scheduler.
 */
import readline from "node:readline";
import { startSandboxServer } from "../lib/sandbox/start-sandbox-server";

function parseArgs(argv: string[]): { port: number; token: string; rateLimit?: number; count: number } {
  let port = 0;
  let count = 1;
  let token = "";
  let rateLimit: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i] ?? "";
    if (flag === "--port") port = Number(value());
    else if (flag === "--token") token = value();
    else if (flag === "--rate-limit") rateLimit = Number(value());
    else if (flag === "--count") count = Number(value());
    else throw new Error(`Unknown option ${argv[i]} (use --port, --token, --rate-limit, --count)`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be an integer from 0 to 65535");
  if (!token) throw new Error("--token is required");
  if (rateLimit !== undefined && !(rateLimit > 0)) throw new Error("--rate-limit must be a positive number");
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new Error("--count must be an integer from 1 to 100");
  if (count > 1 && port !== 0) throw new Error("--count needs --port 0 (each target takes a free port)");
  return { port, token, rateLimit, count };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // Under a rate limit, also note when the first and last requests arrived, so the achieved rate is taken
  // over the span the client was actually sending (the hook adds a JSON.parse per request: not used for
  // the unthrottled runs, whose throughput is measured).
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  const servers = await Promise.all(
    Array.from({ length: args.count }, () =>
      startSandboxServer({
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
      }),
    ),
  );
  const sum = (key: "requests" | "throttled") => servers.reduce((n, s) => n + s.stats[key], 0);
  const write = (v: unknown) => process.stdout.write(JSON.stringify(v) + "\n");
  write({ url: servers[0]!.url, urls: servers.map((s) => s.url), pid: process.pid });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    Promise.all(servers.map((s) => s.close())).then(
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
        requests: sum("requests"),
        throttled: sum("throttled"),
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
