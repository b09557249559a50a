import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createScimClient, type ScimClient } from "./create-scim-client";
import { ScimError } from "./scim-error";
import type { AppErrorCode } from "../errors";
import { buildScimResource } from "./build-scim-resource";
import {
  sendScimError,
  startScimTestServer,
  type ScimTestServer,
  type TestServerOptions,
} from "./test-support/start-scim-test-server";

const TOKEN = "s3cr3t-T0ken-value-1234";
const servers: ScimTestServer[] = [];
let transportFetch: typeof fetch | undefined;

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(
  serverOptions: TestServerOptions = {},
  clientOptions: Partial<Parameters<typeof createScimClient>[0]> = {},
) {
  const server = await startScimTestServer({ token: TOKEN, ...serverOptions });
  servers.push(server);
  const client = createScimClient({
    baseUrl: server.baseUrl,
    token: TOKEN,
    rateLimitPerSecond: Infinity,
    maxConcurrency: 4,
    patchOpCase: "lower",
    userUpdateMethod: "PATCH",
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 50,
    fetchImpl: transportFetch,
    ...clientOptions,
  });
  return { server, client };
}

async function expectScimError(p: Promise<unknown>): Promise<ScimError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return e as ScimError;
  }
  throw new Error("expected a ScimError");
}

const user = (userName: string, extra: Record<string, unknown> = {}) =>
  buildScimResource("User", { userName, active: true, ...extra });

// The same behaviour through the built-in node:http transport and through fetch.
for (const [transportName, impl] of [
  ["node:http", undefined],
  ["fetch", fetch],
] as const) {
  describe(`over ${transportName}`, () => {
    beforeAll(() => {
      transportFetch = impl;
    });
    afterAll(() => {
      transportFetch = undefined;
    });

    describe("createScimClient: resources over HTTP", () => {
      it("creates, reads, patches, replaces and deletes a user, with SCIM headers and bearer auth", async () => {
        const { server, client } = await setup();
        const created = await client.create("Users", user("ada@example.com", { "name.givenName": "Ada" }));
        expect(created.id).toBeTruthy();
        expect((await client.get("Users", created.id)).userName).toBe("ada@example.com");

        const patched = await client.patch("Users", created.id, [
          { op: "replace", path: "name.givenName", value: "Augusta" },
          { op: "add", path: "title", value: "Countess" },
        ]);
        expect(patched).toMatchObject({ name: { givenName: "Augusta" }, title: "Countess" });

        const replaced = await client.replace("Users", created.id, user("ada@example.com", { displayName: "Ada L" }));
        expect(replaced).toMatchObject({ id: created.id, displayName: "Ada L" });
        expect(server.users.get(created.id)?.title).toBeUndefined();

        await client.delete("Users", created.id);
        expect(server.users.size).toBe(0);
        expect((await expectScimError(client.get("Users", created.id))).kind).toBe("notFound");

        const post = server.requests.find((r) => r.method === "POST")!;
        expect(post.headers.authorization).toBe(`Bearer ${TOKEN}`);
        expect(post.headers["content-type"]).toMatch(/^application\/scim\+json/);
        expect(post.headers.accept).toMatch(/application\/scim\+json/);
        expect(server.requests.find((r) => r.method === "GET")!.headers["content-type"]).toBeUndefined();
        expect(client.stats()).toMatchObject({ requests: 6, retries: 0, throttled: 0 });
        expect(client.stats().bytesIn).toBeGreaterThan(100);
      });

      it("pages through listAll by what the target returns, even when it caps the page size", async () => {
        const { server, client } = await setup();
        for (let i = 0; i < 120; i++) await client.create("Users", user(`user${i}@example.com`));
        const before = server.requests.length;
        const seen: string[] = [];
        for await (const r of client.listAll("Users", { pageSize: 100 })) seen.push(r.id);
        expect(new Set(seen).size).toBe(120);
        const pages = server.requests.slice(before);
        // The test server caps pages at 50, so 1, 51, 101.
        expect(pages.map((r) => r.query.get("startIndex"))).toEqual(["1", "51", "101"]);
        expect(pages.every((r) => r.query.get("count") === "100")).toBe(true);
      });

      it("stops paging with a protocol error when the target ignores startIndex", async () => {
        const { client } = await setup({
          beforeRequest: (_r, res) => {
            res.writeHead(200, { "Content-Type": "application/scim+json" });
            res.end(JSON.stringify({ totalResults: 10, Resources: [{ id: "a" }, { id: "b" }] }));
            return true;
          },
        });
        const seen: string[] = [];
        const run = async () => {
          for await (const r of client.listAll("Users")) seen.push(r.id);
        };
        expect((await expectScimError(run())).kind).toBe("protocol");
        expect(seen).toEqual(["a", "b"]);
      });

      it("reads list counts sent as strings", async () => {
        const { client } = await setup({
          beforeRequest: (_r, res) => {
            res.writeHead(200, { "Content-Type": "application/scim+json" });
            res.end(JSON.stringify({ totalResults: "3", startIndex: "1", itemsPerPage: "1", Resources: [{ id: 7 }] }));
            return true;
          },
        });
        expect(await client.list("Users", { count: 1 })).toEqual({
          totalResults: 3,
          startIndex: 1,
          itemsPerPage: 1,
          Resources: [{ id: "7" }],
        });
      });

      it("escapes quotes and backslashes in eq filters, and finds the exact user", async () => {
        const { server, client } = await setup();
        const tricky = 'o"brien\\x@example.com';
        await client.create("Users", user("obrien@example.com"));
        const created = await client.create("Users", user(tricky));
        const found = await client.findOne("Users", "userName", tricky);
        expect(found?.id).toBe(created.id);
        const get = server.requests.filter((r) => r.method === "GET").at(-1)!;
        expect(get.query.get("filter")).toBe('userName eq "o\\"brien\\\\x@example.com"');
        expect(get.url).not.toContain("+"); // spaces as %20, which every target decodes
        expect(await client.findOne("Users", "userName", "nobody@example.com")).toBeNull();
      });

      it("lists with attributes, count and startIndex on the query string", async () => {
        const { server, client } = await setup();
        await client.create("Users", user("a@example.com"));
        const page = await client.list("Users", { startIndex: 1, count: 10, attributes: ["userName", "active"] });
        expect(page).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
        expect(server.requests.at(-1)!.query.get("attributes")).toBe("userName,active");
      });

      it("writes PATCH op names in the target's letter case", async () => {
        for (const [patchOpCase, expected] of [
          ["Pascal", ["Add", "Replace", "Remove"]],
          ["lower", ["add", "replace", "remove"]],
        ] as const) {
          const { server, client } = await setup({}, { patchOpCase });
          const u = await client.create("Users", user("x@example.com", { title: "T" }));
          await client.patch("Users", u.id, [
            { op: "add", path: "nickName", value: "X" },
            { op: "replace", path: "displayName", value: "X" },
            { op: "remove", path: "title" },
          ]);
          const body = server.requests.find((r) => r.method === "PATCH")!.body as {
            schemas: string[];
            Operations: { op: string }[];
          };
          expect(body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]);
          expect(body.Operations.map((o) => o.op)).toEqual(expected);
        }
      });

      it("returns null for a PATCH answered 204", async () => {
        const { client } = await setup({
          beforeRequest: (r, res) => {
            if (r.method !== "PATCH") return false;
            res.writeHead(204).end();
            return true;
          },
        });
        const u = await client.create("Users", user("n@example.com"));
        expect(await client.patch("Users", u.id, [{ op: "replace", path: "active", value: false }])).toBeNull();
      });
    });

    describe("createScimClient: PUT for targets that take no PATCH", () => {
      for (const status of [405, 501] as const) {
        it(`falls back to PUT after a ${status} to PATCH, and remembers it`, async () => {
          const { server, client } = await setup({ disablePatch: status });
          const u = await client.create("Users", user("p@example.com"));
          const full = user("p@example.com", { displayName: "P1" });
          const first = await client.update("Users", u.id, {
            ops: [{ op: "replace", path: "displayName", value: "P1" }],
            fullBody: full,
          });
          expect(first).toMatchObject({ id: u.id, displayName: "P1" });
          expect(client.usesPut("Users")).toBe(true);
          await client.update("Users", u.id, {
            ops: [{ op: "replace", path: "displayName", value: "P2" }],
            fullBody: user("p@example.com", { displayName: "P2" }),
          });
          expect(server.requests.map((r) => r.method)).toEqual(["POST", "PATCH", "PUT", "PUT"]);
          expect(server.users.get(u.id)?.displayName).toBe("P2");
          expect(client.usesPut("Groups")).toBe(false);
        });
      }

      it("uses PUT from the start when the template says so, and PATCH for groups", async () => {
        const { server, client } = await setup({}, { userUpdateMethod: "PUT" });
        const u = await client.create("Users", user("q@example.com"));
        await client.update("Users", u.id, {
          ops: [{ op: "replace", path: "displayName", value: "Q" }],
          fullBody: user("q@example.com", { displayName: "Q" }),
        });
        const g = await client.create("Groups", buildScimResource("Group", { displayName: "G" }));
        await client.update("Groups", g.id, {
          ops: [{ op: "replace", path: "displayName", value: "G2" }],
          fullBody: {},
        });
        expect(server.requests.map((r) => r.method)).toEqual(["POST", "PUT", "POST", "PATCH"]);
        expect((server.requests[1].body as { id: string }).id).toBe(u.id);
      });

      it("sends nothing for a PATCH or PATCH update without operations", async () => {
        const { server, client } = await setup();
        const u = await client.create("Users", user("r@example.com"));
        expect(await client.update("Users", u.id, { ops: [], fullBody: user("r@example.com") })).toBeNull();
        expect(await client.patch("Groups", "g1", [])).toBeNull();
        expect(server.requests).toHaveLength(1);
      });
    });

    describe("createScimClient: errors", () => {
      it("classifies 401, 403, 404, 409 and 400 and keeps status, scimType and detail", async () => {
        const cases: [number, string | undefined, string, AppErrorCode][] = [
          [401, undefined, "unauthorized", "scim.unauthorized"],
          [403, undefined, "forbidden", "scim.forbidden"],
          [404, undefined, "notFound", "scim.not_found"],
          [409, "uniqueness", "conflict", "scim.conflict"],
          [400, "invalidValue", "badRequest", "scim.bad_request"],
        ];
        let next = 0;
        const { server, client } = await setup({
          beforeRequest: (_r, res) => {
            const [status, scimType] = cases[next++];
            sendScimError(res, status, `detail for ${status}`, scimType);
            return true;
          },
        });
        for (const [status, scimType, kind, code] of cases) {
          const e = await expectScimError(client.create("Users", user("e@example.com")));
          expect(e).toMatchObject({
            kind,
            status,
            scimType,
            detail: `detail for ${status}`,
            retryable: false,
            code,
          });
          expect(e.message).toContain(String(status));
          expect(e.message).toContain(`detail for ${status}`);
        }
        expect(server.requests).toHaveLength(cases.length); // none retried
      });

      it("keeps a short snippet of a non-SCIM error body", async () => {
        const { client } = await setup({
          beforeRequest: (_r, res) => {
            res.writeHead(400, { "Content-Type": "text/html" });
            res.end(`<html><body><h1>Bad   request</h1><p>${"x".repeat(1000)}</p></body></html>`);
            return true;
          },
        });
        const e = await expectScimError(client.get("Users", "1"));
        expect(e.kind).toBe("badRequest");
        expect(e.detail).toMatch(/^Bad request x+…$/);
        expect(e.detail!.length).toBeLessThanOrEqual(200);
      });

      it("reads message fields of JSON error bodies that are not SCIM", async () => {
        const { client } = await setup({
          beforeRequest: (_r, res) => {
            res.writeHead(409, { "Content-Type": "application/json" });
            res.end(JSON.stringify({ error: { message: "duplicate login" } }));
            return true;
          },
        });
        expect(await expectScimError(client.create("Users", user("d@example.com")))).toMatchObject({
          kind: "conflict",
          detail: "duplicate login",
        });
      });

      it("turns a malformed JSON answer into a protocol error", async () => {
        const { client } = await setup({
          beforeRequest: (_r, res) => {
            res.writeHead(200, { "Content-Type": "application/scim+json" });
            res.end('{"id": "1", "userName": ');
            return true;
          },
        });
        const e = await expectScimError(client.get("Users", "1"));
        expect(e).toMatchObject({ kind: "protocol", retryable: false });
        expect(e.message).toMatch(/not JSON/);
      });

      it("refuses an empty answer where a resource is due, and a redirect, as protocol errors", async () => {
        let redirect = false;
        const { client } = await setup({
          beforeRequest: (_r, res) => {
            if (redirect) res.writeHead(302, { Location: "https://login.example.com/" }).end();
            else res.writeHead(204).end();
            return true;
          },
        });
        expect((await expectScimError(client.get("Users", "1"))).kind).toBe("protocol");
        redirect = true;
        const e = await expectScimError(client.get("Users", "1"));
        expect(e.kind).toBe("protocol");
        expect(e.status).toBe(302);
        expect(e.message).toMatch(/Tenant URL/);
      });

      it("refuses a resource without an id as a protocol error", async () => {
        const { client } = await setup({
          beforeRequest: (_r, res) => {
            res.writeHead(201, { "Content-Type": "application/scim+json" });
            res.end(JSON.stringify({ userName: "x" }));
            return true;
          },
        });
        expect((await expectScimError(client.create("Users", user("x@example.com")))).kind).toBe("protocol");
      });

      it("aborts a body larger than maxResponseBytes, with or without Content-Length", async () => {
        for (const chunked of [false, true]) {
          const big = JSON.stringify({ id: "1", blob: "x".repeat(300_000) });
          const { client } = await setup(
            {
              beforeRequest: (_r, res) => {
                if (chunked) {
                  res.writeHead(200, { "Content-Type": "application/scim+json" });
                  for (let i = 0; i < big.length; i += 16_384) res.write(big.slice(i, i + 16_384));
                  res.end();
                } else {
                  res.writeHead(200, {
                    "Content-Type": "application/scim+json",
                    "Content-Length": String(Buffer.byteLength(big)),
                  });
                  res.end(big);
                }
                return true;
              },
            },
            { maxResponseBytes: 100_000 },
          );
          const e = await expectScimError(client.get("Users", "1"));
          expect(e.kind).toBe("protocol");
          expect(e.message).toMatch(/larger than/);
          expect(client.stats().bytesIn).toBeLessThan(200_000);
        }
      });

      it("never puts the token in an error message, even when the target echoes it", async () => {
        const { client } = await setup({
          beforeRequest: (r, res) => {
            sendScimError(res, 400, `Rejected header ${r.headers.authorization}`, `bad ${TOKEN}`);
            return true;
          },
        });
        const e = await expectScimError(client.get("Users", "1"));
        expect(e.message).not.toContain(TOKEN);
        expect(e.detail).not.toContain(TOKEN);
        expect(e.scimType).not.toContain(TOKEN);
        expect(e.message).toContain("[redacted]");
        expect(JSON.stringify(e)).not.toContain(TOKEN);

        const closed = http.createServer();
        await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
        const closedPort = (closed.address() as AddressInfo).port;
        await new Promise((r) => closed.close(r));
        const down = createScimClient({
          baseUrl: `http://127.0.0.1:${closedPort}/scim`,
          token: TOKEN,
          rateLimitPerSecond: 0,
          maxConcurrency: 1,
          patchOpCase: "lower",
          userUpdateMethod: "PATCH",
          maxRetries: 1,
          retryBaseDelayMs: 1,
        });
        const e2 = await expectScimError(down.get("Users", "1"));
        expect(e2.kind).toBe("transient");
        expect(e2.message).toMatch(/ECONNREFUSED/);
        expect(e2.message).not.toContain(TOKEN);
        expect(down.stats()).toMatchObject({ requests: 2, retries: 1 });

        expect(() =>
          createScimClient({
            baseUrl: "http://127.0.0.1:1",
            token: `${TOKEN}\nX`,
            rateLimitPerSecond: 1,
            maxConcurrency: 1,
            patchOpCase: "lower",
            userUpdateMethod: "PATCH",
          }),
        ).toThrow(expect.objectContaining({ message: expect.not.stringContaining(TOKEN) }));
      });

      it("refuses a Tenant URL that is not http(s)", () => {
        expect(() =>
          createScimClient({
            baseUrl: "ftp://x",
            token: TOKEN,
            rateLimitPerSecond: 1,
            maxConcurrency: 1,
            patchOpCase: "lower",
            userUpdateMethod: "PATCH",
          }),
        ).toThrow(/Tenant URL/);
        expect(() =>
          createScimClient({
            baseUrl: "not a url",
            token: TOKEN,
            rateLimitPerSecond: 1,
            maxConcurrency: 1,
            patchOpCase: "lower",
            userUpdateMethod: "PATCH",
          }),
        ).toThrow(/Tenant URL/);
      });
    });

    describe("createScimClient: retries", () => {
      it("retries a 500 and then succeeds", async () => {
        let failures = 2;
        const { server, client } = await setup({
          beforeRequest: (_r, res) => {
            if (failures-- <= 0) return false;
            sendScimError(res, 500, "boom");
            return true;
          },
        });
        const u = await client.create("Users", user("retry@example.com"));
        expect(u.id).toBeTruthy();
        expect(server.requests).toHaveLength(3);
        expect(client.stats()).toMatchObject({ requests: 3, retries: 2, failures: 2 });
      });

      it("gives up on 5xx after maxRetries with kind transient", async () => {
        const { server, client } = await setup(
          {
            beforeRequest: (_r, res) => {
              sendScimError(res, 503, "maintenance");
              return true;
            },
          },
          { maxRetries: 2 },
        );
        const e = await expectScimError(client.get("Users", "1"));
        expect(e).toMatchObject({ kind: "transient", status: 503, detail: "maintenance", retryable: true });
        expect(e.message).toMatch(/3 attempts/);
        expect(server.requests).toHaveLength(3);
      });

      it("retries a timeout and gives up with kind transient", async () => {
        const { server, client } = await setup(
          {
            beforeRequest: async () => {
              await new Promise((r) => setTimeout(r, 400));
              return false;
            },
          },
          { timeoutMs: 100, maxRetries: 2 },
        );
        const started = Date.now();
        const e = await expectScimError(client.get("Users", "1"));
        expect(e.kind).toBe("transient");
        expect(e.message).toMatch(/did not answer .* within 100 ms/);
        expect(server.requests).toHaveLength(3);
        expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      });

      it("honours Retry-After on a 429 (seconds and HTTP date)", async () => {
        for (const retryAfter of [() => "1", () => new Date(Date.now() + 2000).toUTCString()]) {
          let throttle = true;
          const { server, client } = await setup({
            beforeRequest: (_r, res) => {
              if (!throttle) return false;
              throttle = false;
              sendScimError(res, 429, "slow down", undefined, { "Retry-After": retryAfter() });
              return true;
            },
          });
          await client.create("Users", user("rl@example.com"));
          const [first, second] = server.requests;
          // 1 s, or a date 2 s ahead truncated to whole seconds (so at least 1 s).
          expect(second.at - first.at).toBeGreaterThanOrEqual(990);
          expect(client.stats()).toMatchObject({ requests: 2, retries: 1, throttled: 1 });
        }
      });

      it("backs off on a 429 without Retry-After", async () => {
        let throttle = true;
        const { server, client } = await setup(
          {
            beforeRequest: (_r, res) => {
              if (!throttle) return false;
              throttle = false;
              sendScimError(res, 429, "slow down");
              return true;
            },
          },
          { retryBaseDelayMs: 200, retryMaxDelayMs: 1000 },
        );
        await client.get("Users", "missing").catch((e: ScimError) => expect(e.kind).toBe("notFound"));
        const [first, second] = server.requests;
        expect(second.at - first.at).toBeGreaterThanOrEqual(95);
        expect(client.stats()).toMatchObject({ requests: 2, throttled: 1 });
      });

      it("surfaces a 429 whose Retry-After is longer than it waits", async () => {
        const { client } = await setup({
          beforeRequest: (_r, res) => {
            sendScimError(res, 429, "come back tomorrow", undefined, { "Retry-After": "86400" });
            return true;
          },
        });
        const e = await expectScimError(client.get("Users", "1"));
        expect(e).toMatchObject({ kind: "rateLimited", status: 429, retryAfterMs: 86_400_000 });
      });

      it("treats a 404 to a retried DELETE as done (the first attempt got through)", async () => {
        let first = true;
        const { server, client } = await setup({
          beforeRequest: (r, res) => {
            if (r.method !== "DELETE" || !first) return false;
            first = false;
            server.users.clear(); // the delete happened, but the answer was lost
            sendScimError(res, 502, "bad gateway");
            return true;
          },
        });
        const u = await client.create("Users", user("del@example.com"));
        await expect(client.delete("Users", u.id)).resolves.toBeUndefined();
        expect((await expectScimError(client.delete("Users", u.id))).kind).toBe("notFound");
      });

      it("rejects with the signal's reason when aborted", async () => {
        const ac = new AbortController();
        const { client } = await setup(
          {
            beforeRequest: async () => {
              await new Promise((r) => setTimeout(r, 300));
              return false;
            },
          },
          { signal: ac.signal, maxConcurrency: 1 },
        );
        const a = client.get("Users", "1");
        const b = client.get("Users", "2"); // waiting for a slot
        setTimeout(() => ac.abort(new Error("cycle stopped")), 50);
        await expect(a).rejects.toThrow("cycle stopped");
        await expect(b).rejects.toThrow("cycle stopped");
      });
    });
  });
}

describe("createScimClient: pacing", () => {
  // The limiter's own spacing is checked exactly in rate-limiter.test.ts; here it is seen from the target,
  // where arrival times carry the jitter of a busy shared machine, hence a tolerance of one request.
  it("keeps to N requests per second as the target sees them, near the allowed rate", async () => {
    const { server, client } = await setup({ rateLimitPerSecond: 10 }, { rateLimitPerSecond: 10, maxConcurrency: 4 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 25 }, (_, i) => client.create("Users", user(`rate${i}@example.com`))));
    const elapsed = Date.now() - started;
    const times = server.requests.map((r) => r.at);
    let busiest = 0;
    for (let i = 0; i < times.length; i++)
      busiest = Math.max(busiest, times.filter((t) => t >= times[i] && t < times[i] + 1000).length);
    expect(busiest).toBeGreaterThanOrEqual(7); // lower bounds are loose: CI timers run late under load
    expect(busiest).toBeLessThanOrEqual(11);
    expect(server.rejected429()).toBeLessThanOrEqual(1);
    expect(client.stats().throttled).toBe(server.rejected429());
    // 25 requests at 10/s (99% pacing): the first is immediate, so about 2.42 s.
    expect(elapsed).toBeGreaterThanOrEqual(2300);
    expect(elapsed).toBeLessThan(6000);
  });

  it("stays within a 5/s limit, with no 429 unless the machine stalls", async () => {
    const { server, client } = await setup({ rateLimitPerSecond: 5 }, { rateLimitPerSecond: 5, maxConcurrency: 2 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 16 }, (_, i) => client.create("Users", user(`five${i}@example.com`))));
    const elapsed = (Date.now() - started) / 1000;
    expect(server.rejected429()).toBeLessThanOrEqual(1); // 0 unless the machine stalls (see above)
    // 15 intervals at 5/s = 3 s: never faster than the target allows. How close the client gets to the
    // allowed rate is a speed figure, measured by the benchmark (npm run bench: 98–99%), not asserted here,
    // where one late timer can cost a 429 and a Retry-After pause; rate-limiter.test.ts checks the spacing.
    expect(server.requests.length).toBeGreaterThanOrEqual(16);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 0.95);
  });

  it("never has more than maxConcurrency requests in flight", async () => {
    const { server, client } = await setup({ latencyMs: 40 }, { maxConcurrency: 3 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.findOne("Users", "userName", `c${i}`)),
    );
    expect(results.every((r) => r === null)).toBe(true);
    expect(server.maxInFlight()).toBe(3);
  });

  it("slows down after 429s (AIMD) so that most requests get through", async () => {
    // The client is told 20/s, the target takes 5/s.
    const { server, client } = await setup(
      { rateLimitPerSecond: 5 },
      { rateLimitPerSecond: 20, maxConcurrency: 4, maxRetries: 8 },
    );
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.create("Users", user(`aimd${i}@example.com`))));
    expect(server.users.size).toBe(20);
    const s = client.stats();
    expect(s.throttled).toBeGreaterThan(0);
    expect(s.throttled).toBe(server.rejected429());
    expect(s.ratePerSecond).toBeLessThan(20);
    // Without slowing down, a 20/s client would see 3 of 4 requests refused.
    expect(s.throttled / s.requests).toBeLessThan(0.5);
  });
});

describe("createScimClient: raw servers", () => {
  it("works against a target whose Tenant URL has a trailing slash and returns numeric ids", async () => {
    const srv = http.createServer((req, res) => {
      res.writeHead(201, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ id: 42, path: req.url }));
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    try {
      const port = (srv.address() as AddressInfo).port;
      const client: ScimClient = createScimClient({
        baseUrl: `http://127.0.0.1:${port}/api/scim/`,
        token: TOKEN,
        rateLimitPerSecond: 0,
        maxConcurrency: 1,
        patchOpCase: "lower",
        userUpdateMethod: "PATCH",
      });
      const r = await client.create("Users", { userName: "x" });
      expect(r).toMatchObject({ id: "42", path: "/api/scim/Users" });
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });
});
