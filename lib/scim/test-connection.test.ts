import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectionTestUrl,
  LIST_RESPONSE_URN,
  tenantUrlProblem,
  testScimConnection,
  type ConnectionTestResult,
} from "./test-connection";

// Real local HTTP servers, one behaviour per path prefix.
const TOKEN = "s3cret-T0ken-value-42";
type Seen = { url: string; authorization?: string; accept?: string };
const seen: Seen[] = [];
let server: http.Server;
let base = "";

function send(res: http.ServerResponse, status: number, body: string, type = "application/scim+json") {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization, accept: req.headers.accept });
    const path = (req.url ?? "").split("?")[0];
    const authorized = req.headers.authorization === `Bearer ${TOKEN}`;
    if (path === "/scim/v2/Users") {
      if (!authorized)
        return send(
          res,
          401,
          JSON.stringify({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
            status: "401",
            detail: "Bad token",
          }),
        );
      return send(
        res,
        200,
        JSON.stringify({
          schemas: [LIST_RESPONSE_URN],
          totalResults: 0,
          startIndex: 1,
          itemsPerPage: 0,
          Resources: [],
        }),
      );
    }
    if (path === "/forbidden/Users")
      return send(res, 403, JSON.stringify({ detail: "SCIM provisioning is disabled for this tenant" }));
    if (path === "/html/Users")
      return send(res, 200, "<!doctype html><html><body><h1>Welcome to the portal</h1></body></html>", "text/html");
    if (path === "/json/Users") return send(res, 200, JSON.stringify({ hello: "world" }), "application/json");
    if (path === "/broken/Users") return send(res, 500, "Internal error: database unavailable", "text/plain");
    if (path === "/echo/Users") return send(res, 401, `Token ${req.headers.authorization} is not valid`, "text/plain");
    if (path === "/huge/Users") return send(res, 200, "x".repeat(64 * 1024), "application/json");
    if (path === "/redirect/Users") {
      res.writeHead(302, { location: "https://elsewhere.example/scim/Users" });
      return res.end();
    }
    if (path === "/slow/Users") return; // never answers
    send(
      res,
      404,
      JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "404",
        detail: "Unknown path",
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function expectFailure(result: ConnectionTestResult) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error("expected a failure");
  return result;
}

describe("testScimConnection", () => {
  it("succeeds on 200 with a SCIM ListResponse, sending Entra's request", async () => {
    seen.length = 0;
    const result = await testScimConnection({ tenantUrl: `${base}/scim/v2/`, token: TOKEN });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(seen).toHaveLength(1);
    expect(seen[0].authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0].accept).toBe("application/scim+json");
    const url = new URL(seen[0].url, base);
    expect(url.pathname).toBe("/scim/v2/Users");
    expect(url.searchParams.get("filter")).toMatch(/^userName eq "[0-9a-f-]{36}"$/);
  });

  it("reports 401 with the status and a snippet", async () => {
    const r = expectFailure(await testScimConnection({ tenantUrl: `${base}/scim/v2`, token: "wrong-token-000" }));
    expect(r.kind).toBe("Unauthorized");
    expect(r.status).toBe(401);
    expect(r.message).toMatch(/401/);
    expect(r.snippet).toContain("Bad token");
  });

  it("reports 403", async () => {
    const r = expectFailure(await testScimConnection({ tenantUrl: `${base}/forbidden`, token: TOKEN }));
    expect(r).toMatchObject({ kind: "Forbidden", status: 403 });
    expect(r.snippet).toContain("SCIM provisioning is disabled");
  });

  it("reports 404 with a hint about the path", async () => {
    const r = expectFailure(await testScimConnection({ tenantUrl: `${base}/nothing-here`, token: TOKEN }));
    expect(r).toMatchObject({ kind: "NotFound", status: 404 });
    expect(r.message).toMatch(/SCIM base URL/);
  });

  it("reports other HTTP errors with the status", async () => {
    const r = expectFailure(await testScimConnection({ tenantUrl: `${base}/broken`, token: TOKEN }));
    expect(r).toMatchObject({ kind: "HttpError", status: 500 });
    expect(r.snippet).toContain("database unavailable");
  });

  it("does not follow a redirect (it would carry the token elsewhere)", async () => {
    const r = expectFailure(await testScimConnection({ tenantUrl: `${base}/redirect`, token: TOKEN }));
    expect(r).toMatchObject({ kind: "HttpError", status: 302 });
    expect(r.message).toContain("elsewhere.example");
  });

  it("reports an HTML page answering 200 as not SCIM", async () => {
    const r = expectFailure(await testScimConnection({ tenantUrl: `${base}/html`, token: TOKEN }));
    expect(r).toMatchObject({ kind: "NotScim", status: 200 });
    expect(r.snippet).toContain("Welcome to the portal");
  });

  it("reports JSON that is not a ListResponse as not SCIM", async () => {
    const r = expectFailure(await testScimConnection({ tenantUrl: `${base}/json`, token: TOKEN }));
    expect(r).toMatchObject({ kind: "NotScim", status: 200 });
    expect(r.message).toMatch(/ListResponse/);
  });

  it("caps the response size", async () => {
    const r = expectFailure(await testScimConnection({ tenantUrl: `${base}/huge`, token: TOKEN }, { maxBytes: 1024 }));
    expect(r.kind).toBe("NotScim");
    expect(r.message).toMatch(/larger than 1 KiB/);
    expect(r.snippet!.length).toBeLessThanOrEqual(301);
  });

  it("times out on a server that never answers", async () => {
    const started = Date.now();
    const r = expectFailure(await testScimConnection({ tenantUrl: `${base}/slow`, token: TOKEN }, { timeoutMs: 300 }));
    expect(r.kind).toBe("Timeout");
    expect(r.message).toMatch(/300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports a closed port as connection refused", async () => {
    const port = await closedPort();
    const r = expectFailure(await testScimConnection({ tenantUrl: `http://127.0.0.1:${port}/scim`, token: TOKEN }));
    expect(r.kind).toBe("ConnectionRefused");
    expect(r.status).toBeUndefined();
  });

  it("reports an unknown host as a DNS failure", async () => {
    // A generous timeout: without a reachable resolver, getaddrinfo takes a few seconds to give EAI_AGAIN.
    const r = expectFailure(
      await testScimConnection({ tenantUrl: "https://nowhere.invalid/scim", token: TOKEN }, { timeoutMs: 30_000 }),
    );
    expect(r.kind).toBe("Dns");
    expect(r.message).toContain("nowhere.invalid");
  }, 45_000);

  it("reports https:// to a plain-http server as a TLS error", async () => {
    const r = expectFailure(
      await testScimConnection({ tenantUrl: base.replace("http://", "https://") + "/scim/v2", token: TOKEN }),
    );
    expect(r.kind).toBe("Tls");
  });

  it("refuses a URL that is not http(s) or has spaces before sending anything", async () => {
    seen.length = 0;
    for (const tenantUrl of ["ftp://x", "http://exa mple.com", "not a url", "", "javascript:alert(1)"]) {
      const r = expectFailure(await testScimConnection({ tenantUrl, token: TOKEN }));
      expect(r.kind).toBe("InvalidUrl");
    }
    expect(seen).toHaveLength(0);
    expect(tenantUrlProblem("https://scim.zscalertwo.net/123/456/scim")).toBeNull();
  });

  it("refuses a token that cannot go into a header, without echoing it", async () => {
    const r = expectFailure(
      await testScimConnection({ tenantUrl: `${base}/scim/v2`, token: "bad token\nwith-newline" }),
    );
    expect(r.kind).toBe("InvalidToken");
    expect(JSON.stringify(r)).not.toContain("with-newline");
  });

  it("never lets the token appear in any result, even when the server echoes it", async () => {
    const port = await closedPort();
    const results = [
      await testScimConnection({ tenantUrl: `${base}/echo`, token: TOKEN }),
      await testScimConnection({ tenantUrl: `${base}/scim/v2`, token: TOKEN }),
      await testScimConnection({ tenantUrl: `${base}/html`, token: TOKEN }),
      await testScimConnection({ tenantUrl: `${base}/slow`, token: TOKEN }, { timeoutMs: 200 }),
      await testScimConnection({ tenantUrl: `http://127.0.0.1:${port}`, token: TOKEN }),
      await testScimConnection({ tenantUrl: "ftp://x", token: TOKEN }),
    ];
    const echoed = expectFailure(results[0]);
    expect(echoed.snippet).toContain("[redacted]");
    for (const r of results) expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it("builds the request URL from the tenant URL, keeping a query string", () => {
    expect(connectionTestUrl("https://t.example/scim/", "abc")).toBe(
      "https://t.example/scim/Users?filter=userName%20eq%20%22abc%22",
    );
    expect(connectionTestUrl("https://t.example/scim?aadOptscim062020", "abc")).toBe(
      "https://t.example/scim/Users?aadOptscim062020&filter=userName%20eq%20%22abc%22",
    );
  });
});
