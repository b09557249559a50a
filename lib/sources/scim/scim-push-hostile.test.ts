import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { createUser } from "../../directory/create-user";
import { revokeSourceToken } from "../revoke-source-token";
import { createSourceToken } from "../create-source-token";
import { updateSource } from "../update-source";
import type { ScimPushServer } from "./start-scim-push-server";
import { MAX_SCIM_PUSH_BODY_BYTES } from "./serve-scim-push-request";
import {
  ENTERPRISE,
  PATCH_OP,
  USER_SCHEMA,
  addPushSource,
  eq,
  startPushServer,
  type PushSource,
} from "../test-support/scim-push-client";

// Hostile and mistaken input: every refusal is an RFC 7644 error body, and nothing in the directory changes.

let server: ScimPushServer;
let a: PushSource;
let b: PushSource;
let aliceId: string;
let groupId: string;

const user = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER_SCHEMA],
  userName,
  active: true,
  ...extra,
});

async function snapshot() {
  const [users, groups, memberships, changes, resources] = await Promise.all([
    prisma.directoryUser.findMany({ orderBy: { id: "asc" } }),
    prisma.directoryGroup.findMany({ orderBy: { id: "asc" } }),
    prisma.groupMembership.findMany({ orderBy: [{ groupId: "asc" }, { userId: "asc" }] }),
    prisma.directoryChange.count(),
    prisma.sourceResource.findMany({ orderBy: [{ sourceId: "asc" }, { anchor: "asc" }] }),
  ]);
  return { users, groups, memberships, changes, resources };
}

/** Runs a request that must be refused with this status (and scimType), and checks nothing changed. */
async function refused(
  run: () => Promise<{ status: number; body: Record<string, unknown> | undefined }>,
  status: number,
  scimType?: string,
) {
  const before = await snapshot();
  const res = await run();
  expect(res.status).toBe(status);
  expect(res.body?.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  expect(res.body?.status).toBe(String(status));
  expect(typeof res.body?.detail).toBe("string");
  if (scimType) expect(res.body?.scimType).toBe(scimType);
  expect(await snapshot()).toEqual(before);
  return res.body as { detail: string; scimType?: string };
}

beforeAll(async () => {
  server = await startPushServer();
  a = await addPushSource(server, "Source A");
  b = await addPushSource(server, "Source B");
  aliceId = (await a.scim("POST", "/Users", user("alice@contoso.com"))).body!.id;
  groupId = (
    await a.scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "A group",
      members: [{ value: aliceId }],
    })
  ).body!.id;
  await createUser({ userPrincipalName: "hand.made@contoso.com", displayName: "Hand Made" }, "test");
});
afterAll(async () => {
  await server.close();
});

describe("authentication", () => {
  it("refuses a missing, wrong or revoked token, and a token of another source", async () => {
    expect((await refused(() => a.scim("GET", "/Users", undefined, { token: null }), 401)).detail).toContain("Bearer");
    await refused(() => a.scim("POST", "/Users", user("x@contoso.com"), { token: "prv_nottherightone" }), 401);
    // B's token on A's Tenant URL.
    await refused(() => a.scim("POST", "/Users", user("x@contoso.com"), { token: b.token }), 401);
    await refused(() => a.scim("GET", `/Users/${aliceId}`, undefined, { token: b.token }), 401);
    // B's own endpoint never shows A's objects, whatever the id or filter.
    expect((await b.scim("GET", `/Users/${aliceId}`)).status).toBe(404);
    expect((await b.scim("GET", `/Users?${eq("userName", "alice@contoso.com")}`)).body!.totalResults).toBe(0);
    await refused(() => b.scim("DELETE", `/Users/${aliceId}`), 404);
    await refused(
      () =>
        b.scim("PATCH", `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: "add", path: "members", value: [{ value: aliceId }] }],
        }),
      404,
    );

    const extra = await createSourceToken({ sourceId: a.id, name: "Rotating" }, "test");
    expect((await a.scim("GET", "/Users", undefined, { token: extra.token })).status).toBe(200);
    await revokeSourceToken({ sourceId: a.id, tokenId: extra.id }, "test");
    await refused(() => a.scim("POST", "/Users", user("x@contoso.com"), { token: extra.token }), 401);
    // An unknown source id answers as an unknown token does.
    const ghost = await fetch(`${server.origin}/scim/v2/no-such-source/Users`, {
      headers: { Authorization: `Bearer ${a.token}` },
    });
    expect(ghost.status).toBe(401);
  });

  it("refuses a disabled source's requests with 403", async () => {
    await updateSource({ id: b.id, status: "Disabled" }, "test");
    await refused(() => b.scim("POST", "/Users", user("x@contoso.com")), 403);
    await updateSource({ id: b.id, status: "Active" }, "test");
    expect((await b.scim("GET", "/Users")).status).toBe(200);
  });
});

describe("bodies", () => {
  it("refuses unknown attributes, naming them", async () => {
    const top = await refused(
      () => a.scim("POST", "/Users", user("x@contoso.com", { fooBar: 1 })),
      400,
      "invalidValue",
    );
    expect(top.detail).toContain("fooBar");
    const sub = await refused(
      () => a.scim("POST", "/Users", user("x@contoso.com", { name: { givnName: "X" } })),
      400,
      "invalidValue",
    );
    expect(sub.detail).toContain("name.givnName");
    await refused(
      () => a.scim("POST", "/Users", user("x@contoso.com", { "urn:example:custom:2.0:User": { badge: "7" } })),
      400,
      "invalidValue",
    );
    const pathless = await refused(
      () =>
        a.scim("PATCH", `/Users/${aliceId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: "replace", value: { displayName: "A", "name.middleNam": "B" } }],
        }),
      400,
      "invalidValue",
    );
    expect(pathless.detail).toContain("name.middleNam");
    await refused(
      () =>
        a.scim("PATCH", `/Users/${aliceId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: "replace", path: "fooBar", value: "x" }],
        }),
      400,
      "invalidPath",
    );
  });

  it("refuses wrong types and values the directory cannot hold", async () => {
    await refused(() => a.scim("POST", "/Users", user("x@contoso.com", { active: "yes" })), 400, "invalidValue");
    await refused(() => a.scim("POST", "/Users", user("x@contoso.com", { name: "X Y" })), 400, "invalidValue");
    await refused(
      () => a.scim("POST", "/Users", user("x@contoso.com", { emails: "x@contoso.com" })),
      400,
      "invalidValue",
    );
    const upn = await refused(() => a.scim("POST", "/Users", user("not an email")), 400, "invalidValue");
    expect(upn.detail).toContain("userName");
    expect(upn.detail).toContain("userPrincipalName");
    const long = await refused(
      () => a.scim("POST", "/Users", user("x@contoso.com", { displayName: "D".repeat(300) })),
      400,
      "invalidValue",
    );
    expect(long.detail).toContain("displayName");
    await refused(
      () => a.scim("POST", "/Users", user("x@contoso.com", { title: "T".repeat(5000) })),
      400,
      "invalidValue",
    );
    await refused(() => a.scim("POST", "/Users", undefined, { raw: "{not json" }), 400, "invalidSyntax");
    await refused(() => a.scim("POST", "/Users", undefined, { raw: "[1,2]" }), 400, "invalidSyntax");
    await refused(
      () => a.scim("PATCH", `/Users/${aliceId}`, { schemas: [PATCH_OP], Operations: [] }),
      400,
      "invalidSyntax",
    );
    await refused(
      () => a.scim("POST", "/Users", user("x@contoso.com", { [ENTERPRISE]: { manager: { value: "nobody" } } })),
      400,
      "invalidValue",
    );
  });

  it("answers 413 to a body over the limit, by Content-Length or while streaming", async () => {
    const big = JSON.stringify(user("big@contoso.com", { displayName: "x".repeat(MAX_SCIM_PUSH_BODY_BYTES) }));
    await refused(() => a.scim("POST", "/Users", undefined, { raw: big }), 413);
    const before = await snapshot();
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(100_000)));
        controller.close();
      },
    });
    const streamed = await fetch(`${a.tenantUrl}/Users`, {
      method: "POST",
      headers: { Authorization: `Bearer ${a.token}`, "Content-Type": "application/scim+json" },
      body: chunks,
      // @ts-expect-error Node's fetch needs duplex for a streamed body
      duplex: "half",
    });
    expect(streamed.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a userName another object holds, with 409 uniqueness", async () => {
    const handMade = await refused(() => a.scim("POST", "/Users", user("HAND.MADE@contoso.com")), 409, "uniqueness");
    expect(handMade.detail).toContain("HAND.MADE@contoso.com");
    await refused(() => b.scim("POST", "/Users", user("alice@contoso.com")), 409, "uniqueness");
    await refused(() => a.scim("POST", "/Users", user("Alice@Contoso.com")), 409, "uniqueness");
    const bob = await a.scim("POST", "/Users", user("bob@contoso.com"));
    await refused(
      () =>
        a.scim("PATCH", `/Users/${bob.body!.id}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: "replace", path: "userName", value: "alice@contoso.com" }],
        }),
      409,
      "uniqueness",
    );
  });

  it("adds no member when one of a batch is unknown", async () => {
    const carol = (await a.scim("POST", "/Users", user("carol@contoso.com"))).body!.id;
    const body = await refused(
      () =>
        a.scim("PATCH", `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: "add", path: "members", value: [{ value: carol }, { value: "unknown-id" }] }],
        }),
      400,
      "invalidValue",
    );
    expect(body.detail).toContain("unknown-id");
  });
});

describe("filters", () => {
  it("treats injection attempts as data or refuses them, and never reaches another source", async () => {
    const users = async (filter: string) => a.scim("GET", `/Users?filter=${encodeURIComponent(filter)}`);
    expect((await users(`userName eq "x' OR '1'='1"`)).body!.totalResults).toBe(0);
    expect((await users(`userName eq "x'; DROP TABLE DirectoryUser; --"`)).body!.totalResults).toBe(0);
    expect((await users(`"1" eq "1"`)).body!.totalResults).toBe(0);
    // scimmy's filter parser does not take backslash-escaped quotes: refused rather than misread.
    const escaped = `userName eq "alice@contoso.com\\" or userName pr \\""`;
    for (const bad of [escaped, `userName eq "x") or (userName pr`, `userName eq`, `userName xx "a"`]) {
      const res = await users(bad);
      expect(res.status, bad).toBe(400);
      expect(res.body!.scimType, bad).toBe("invalidFilter");
    }
    // A filter that matches everything still only sees this source's users.
    const all = await users("userName pr");
    expect(all.status).toBe(200);
    const names = all.body!.Resources.map((r: { userName: string }) => r.userName);
    expect(names).toContain("alice@contoso.com");
    expect(names).not.toContain("hand.made@contoso.com");
    expect(await prisma.directoryUser.count()).toBeGreaterThan(0);
  });
});
