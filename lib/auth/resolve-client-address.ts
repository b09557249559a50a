import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";
import { env } from "../env";
import { stampedPeerAddress } from "../http/server-request-hook";

type HeaderReader = { get(name: string): string | null };

const compiled = new Map<string, (addr: string, i: number) => boolean>();
function trustFunction(list: string[]) {
  const key = list.join(",");
  let fn = compiled.get(key);
  if (!fn) {
    fn = proxyAddr.compile(list);
    compiled.set(key, fn);
  }
  return fn;
}

/**
 * The address a request came from, for the sign-in limits. The TCP peer's address, unless that peer is one
 * of PROVISIO_TRUSTED_PROXIES: then X-Forwarded-For is read from the right, skipping trusted proxies, and
 * the first address that is not one is the client (proxy-addr, as Express does it). A client-sent
 * X-Forwarded-For is never believed on its own. "unknown" (one shared bucket) when the peer address is not
 * known, e.g. without the hook from lib/http/server-request-hook.ts.
 */
export function resolveClientAddress(
  headers: HeaderReader,
  opts: { trustedProxies?: string[]; peerAddress?: string | null } = {},
): string {
  const peer = opts.peerAddress !== undefined ? opts.peerAddress : stampedPeerAddress(headers);
  if (!peer) return "unknown";
  const trusted = opts.trustedProxies ?? env().PROVISIO_TRUSTED_PROXIES;
  const forwardedFor = headers.get("x-forwarded-for");
  const req = {
    connection: { remoteAddress: peer },
    socket: { remoteAddress: peer },
    headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  } as unknown as IncomingMessage;
  const address = trusted.length > 0 ? proxyAddr(req, trustFunction(trusted)) : peer;
  // One client, one bucket: "::ffff:10.0.0.1" and "10.0.0.1" are the same IPv4 client.
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
}
