import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxServer, type SandboxServer } from "../sandbox/start-sandbox-server";
import { createScimClient, type ScimClient } from "./create-scim-client";
import { buildScimResource } from "./build-scim-resource";
import { buildMemberPatchOps, buildPatchOps } from "./build-patch-ops";
import { readScimValue } from "./read-scim-value";

/**
 * The client and its helpers against the sandbox target (scimmy, stricter than most targets): the
 * resources buildScimResource makes and the operations buildPatchOps makes must be accepted as they are.
 */
const TOKEN = "sandbox-token-for-scim-client-tests";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
let sandbox: SandboxServer;
let client: ScimClient;

beforeAll(async () => {
  sandbox = await startSandboxServer({ token: TOKEN });
  client = createScimClient({
    baseUrl: sandbox.url,
    token: TOKEN,
    rateLimitPerSecond: 0,
    maxConcurrency: 4,
    patchOpCase: "Pascal",
    userUpdateMethod: "PATCH",
  });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("createScimClient against the sandbox target", () => {
  it("creates a user from mapped values and PATCHes only what changed", async () => {
    const before = {
      userName: "grace@example.com",
      active: true,
      displayName: "Grace Hopper",
      "name.givenName": "Grace",
      "name.familyName": "Hopper",
      'emails[type eq "work"].value': "grace@example.com",
      [`${ENT}:department`]: "Navy",
      externalId: "grace",
    };
    const created = await client.create("Users", buildScimResource("User", before));
    for (const [path, value] of Object.entries(before)) expect(readScimValue(created, path)).toEqual(value);

    const after = {
      ...before,
      displayName: "Rear Admiral Hopper",
      'emails[type eq "work"].value': "hopper@example.com",
      [`${ENT}:department`]: "Computing",
      "name.familyName": null,
      'phoneNumbers[type eq "mobile"].value': "+1 555 0100",
    };
    const ops = buildPatchOps(before, after);
    expect(ops.map((o) => o.op)).toEqual(["replace", "remove", "replace", "replace", "add"]);
    await client.patch("Users", created.id, ops);
    const current = await client.get("Users", created.id);
    for (const [path, value] of Object.entries(after)) expect(readScimValue(current, path)).toEqual(value ?? undefined);

    const disabled = await client.update("Users", created.id, {
      ops: buildPatchOps({ active: true }, { active: false }),
      fullBody: {},
    });
    expect(disabled === null || disabled.active === false).toBe(true);
    expect((await client.get("Users", created.id)).active).toBe(false);

    expect((await client.findOne("Users", "userName", "grace@example.com"))?.id).toBe(created.id);
    await client.delete("Users", created.id);
    expect(await client.findOne("Users", "userName", "grace@example.com")).toBeNull();
  });

  it("adds and removes group members in batches", async () => {
    const users = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        client.create("Users", buildScimResource("User", { userName: `m${i}@example.com` })),
      ),
    );
    const group = await client.create(
      "Groups",
      buildScimResource("Group", { displayName: "Engineers", externalId: "g-eng" }),
    );
    const ids = users.map((u) => u.id);
    for (const ops of buildMemberPatchOps(ids, [], 3)) await client.patch("Groups", group.id, ops);
    const members = async () =>
      (((await client.get("Groups", group.id)).members as { value: string }[] | undefined) ?? [])
        .map((m) => m.value)
        .sort();
    expect(await members()).toEqual([...ids].sort());
    const requests = buildMemberPatchOps([], ids.slice(0, 4), 3);
    expect(requests).toHaveLength(2);
    for (const ops of requests) await client.patch("Groups", group.id, ops);
    expect(await members()).toEqual(ids.slice(4).sort());
  });

  it("pages through every user with listAll", async () => {
    await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        client.create("Users", buildScimResource("User", { userName: `page${i}@example.com` })),
      ),
    );
    const seen = new Set<string>();
    for await (const r of client.listAll("Users", { pageSize: 10, attributes: ["userName"] }))
      seen.add(String(r.userName));
    for (let i = 0; i < 45; i++) expect(seen.has(`page${i}@example.com`)).toBe(true);
  });

  it("classifies a duplicate userName as a conflict", async () => {
    await client.create("Users", buildScimResource("User", { userName: "dup@example.com" }));
    await expect(
      client.create("Users", buildScimResource("User", { userName: "dup@example.com" })),
    ).rejects.toMatchObject({ kind: "conflict", status: 409 });
  });
});

describe("createScimClient against a PUT-only, rate-limited sandbox target", () => {
  it("falls back to PUT and keeps to 5 requests per second without 429s", async () => {
    const limited = await startSandboxServer({ token: TOKEN, rateLimitPerSecond: 5, disableUserPatch: true });
    try {
      const c = createScimClient({
        baseUrl: limited.url,
        token: TOKEN,
        rateLimitPerSecond: 5,
        maxConcurrency: 2,
        patchOpCase: "Pascal",
        userUpdateMethod: "PATCH",
      });
      const values = { userName: "put@example.com", displayName: "Put" };
      const u = await c.create("Users", buildScimResource("User", values));
      const next = { ...values, displayName: "Put Only" };
      await c.update("Users", u.id, { ops: buildPatchOps(values, next), fullBody: buildScimResource("User", next) });
      expect(c.usesPut("Users")).toBe(true);
      expect((await c.get("Users", u.id)).displayName).toBe("Put Only");
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          c.create("Users", buildScimResource("User", { userName: `lim${i}@example.com` })),
        ),
      );
      expect(limited.stats.throttled).toBe(0);
      expect(c.stats()).toMatchObject({ throttled: 0, requests: 12 });
    } finally {
      await limited.close();
    }
  });
});
