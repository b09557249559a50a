import http from "node:http";

/**
 * One hook on Node's http.Server "request" event, installed once from instrumentation.ts, that runs before
 * Next.js sees a request:
 *
 * - The peer address. Next.js 16 gives route handlers and proxy.ts no way to read the TCP peer's address:
 *   `NextRequest.ip` is gone (Next 15), and Next fills `X-Forwarded-For` from the socket only when the
 *   client sent none, so that header is whatever the client wants. The hook removes any client-sent copy
 *   of PEER_ADDRESS_HEADER and writes `socket.remoteAddress` into it. Only this process sets it (the flag
 *   below proves the hook is in), so lib/auth/resolve-client-address.ts can trust it.
 * - Client disconnects. A client that goes away mid-body makes the request emit Error("aborted")
 *   (ECONNRESET), which Next logged as a server error (and as an uncaughtException where nothing
 *   listened). The hook listens first, so the error is never uncaught, marks that very error object, and
 *   names it "AbortError" (what Next's router treats as "the client left"). Next's request handler still
 *   passes it to console.error, so console.error drops exactly the errors the hook marked; every other
 *   line is printed as before. The request still fails: nothing half-read is processed.
 */
export const PEER_ADDRESS_HEADER = "x-provisio-peer-address";

const INSTALLED = Symbol.for("provisio.serverRequestHook");
const CLIENT_ABORT = Symbol.for("provisio.clientAbort");
type Flagged = { [INSTALLED]?: boolean };

export function installServerRequestHook(): void {
  const g = globalThis as Flagged;
  if (g[INSTALLED]) return;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      // Node joins repeated headers; a client-sent value never survives either way.
      req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
      req.on("error", markClientAbort);
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
  const error = console.error;
  console.error = (...args: unknown[]) => {
    if (args.some((a) => typeof a === "object" && a !== null && CLIENT_ABORT in a)) return;
    error.apply(console, args);
  };
  g[INSTALLED] = true;
}

function markClientAbort(e: Error & { code?: string; [CLIENT_ABORT]?: true }): void {
  if (e.message !== "aborted" || e.code !== "ECONNRESET") return;
  e.name = "AbortError";
  e[CLIENT_ABORT] = true;
}

/** The socket address the hook stamped, or null when the hook is not installed in this process. */
export function stampedPeerAddress(headers: { get(name: string): string | null }): string | null {
  if (!(globalThis as Flagged)[INSTALLED]) return null;
  return headers.get(PEER_ADDRESS_HEADER) || null;
}
