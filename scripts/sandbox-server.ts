/**
 * Starts the standalone sandbox SCIM 2.0 target (in-memory store) in its own process, for tests and
 * benchmarks. Usage:
 *   npx tsx scripts/sandbox-server.ts [--port 0] [--token TOKEN] [--rate-limit 5] [--disable-user-patch]
 * Prints one JSON line {"url", "pid"} (plus "token" when it generated one) once listening; stops on SIGTERM.
 */
import crypto from "node:crypto";
import { startSandboxServer } from "../lib/sandbox/start-sandbox-server";

function parseArgs(argv: string[]): { port: number; token?: string; rateLimit?: number; disableUserPatch: boolean } {
  const out: { port: number; token?: string; rateLimit?: number; disableUserPatch: boolean } = {
    port: 0,
    disableUserPatch: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--port": {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new Error("--port must be an integer from 0 to 65535");
        out.port = port;
        break;
      }
      case "--token":
        out.token = value();
        if (!out.token) throw new Error("--token cannot be empty");
        break;
      case "--rate-limit": {
        const rate = Number(value());
        if (!Number.isFinite(rate) || rate <= 0)
          throw new Error("--rate-limit must be a positive number of requests per second");
        out.rateLimit = rate;
        break;
      }
      case "--disable-user-patch":
        out.disableUserPatch = true;
        break;
      default:
        throw new Error(`Unknown option ${argv[i]} (use --port, --token, --rate-limit, --disable-user-patch)`);
    }
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const generated = args.token ? undefined : crypto.randomBytes(24).toString("base64url");
  const token = args.token ?? generated!;
  const server = await startSandboxServer({
    port: args.port,
    token,
    rateLimitPerSecond: args.rateLimit,
    disableUserPatch: args.disableUserPatch,
  });
  process.stdout.write(
    JSON.stringify({ url: server.url, pid: process.pid, ...(generated ? { token: generated } : {}) }) + "\n",
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
