import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { PEER_ADDRESS_HEADER, installServerRequestHook } from "../http/server-request-hook";
import { resolveClientAddress } from "./resolve-client-address";

// A real HTTP server with the peer-address hook, as Next's server runs with it (instrumentation.ts). The
// handler answers with the address the sign-in limits would count.
let server: http.Server;
let url = "";
let trustedProxies: string[] = [];

beforeAll(async () => {
  installServerRequestHook();
  server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    res.end(resolveClientAddress(headers, { trustedProxies }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function addressSeen(headers: Record<string, string>, trusted: string[]): Promise<string> {
  trustedProxies = trusted;
  const res = await fetch(url, { headers });
  return res.text();
}

describe("the client address for sign-in limits", () => {
  it("ignores a forged X-Forwarded-For (and a forged peer header) without a trusted proxy", async () => {
    for (const forged of ["198.51.100.7", "198.51.100.8, 10.0.0.1", "::1"]) {
      expect(await addressSeen({ "x-forwarded-for": forged }, [])).toBe("127.0.0.1");
    }
    expect(await addressSeen({ [PEER_ADDRESS_HEADER]: "203.0.113.1", "x-forwarded-for": "203.0.113.1" }, [])).toBe(
      "127.0.0.1",
    );
    // A proxy that is configured but is not the peer is not believed either.
    expect(await addressSeen({ "x-forwarded-for": "198.51.100.7" }, ["10.0.0.5"])).toBe("127.0.0.1");
  });

  it("honours X-Forwarded-For from a trusted proxy, from the right, up to the first untrusted hop", async () => {
    expect(await addressSeen({ "x-forwarded-for": "198.51.100.7" }, ["127.0.0.1"])).toBe("198.51.100.7");
    // The client may prepend anything: only what the trusted proxies appended counts.
    expect(
      await addressSeen({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.3" }, ["127.0.0.1", "10.0.0.0/8"]),
    ).toBe("198.51.100.7");
    expect(await addressSeen({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.3" }, ["127.0.0.1"])).toBe("10.0.0.3");
    expect(await addressSeen({}, ["127.0.0.1"])).toBe("127.0.0.1");
  });

  it("uses one shared bucket when the peer address is not known", () => {
    const headers = new Headers({ "x-forwarded-for": "198.51.100.7" });
    expect(resolveClientAddress(headers, { peerAddress: null, trustedProxies: [] })).toBe("unknown");
    expect(resolveClientAddress(headers, { peerAddress: "::ffff:192.0.2.1", trustedProxies: [] })).toBe("192.0.2.1");
  });

  it("reads PROVISIO_TRUSTED_PROXIES as IPs and CIDRs, and refuses anything else", () => {
    expect(parseEnv({ PROVISIO_TRUSTED_PROXIES: " 10.0.0.5, 192.168.0.0/16,::1 " }).PROVISIO_TRUSTED_PROXIES).toEqual([
      "10.0.0.5",
      "192.168.0.0/16",
      "::1",
    ]);
    expect(parseEnv({}).PROVISIO_TRUSTED_PROXIES).toEqual([]);
    expect(() => parseEnv({ PROVISIO_TRUSTED_PROXIES: "proxy.example.com" })).toThrow(/PROVISIO_TRUSTED_PROXIES/);
    expect(() => parseEnv({ PROVISIO_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/PROVISIO_TRUSTED_PROXIES/);
  });
});
