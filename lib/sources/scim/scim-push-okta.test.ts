import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import type { ScimPushServer } from "./start-scim-push-server";
import {
  GROUP_SCHEMA,
  PATCH_OP,
  USER_SCHEMA,
  addPushSource,
  eq,
  startPushServer,
  type PushSource,
} from "../test-support/scim-push-client";

// Okta's SCIM 2.0 sequences (developer.okta.com, "SCIM 2.0 Protocol Reference"): PUT for profile updates,
// PATCH `active: false` to deactivate, and Group Push.

let server: ScimPushServer;
let okta: PushSource;

beforeAll(async () => {
  server = await startPushServer();
  okta = await addPushSource(server, "Okta");
});
afterAll(async () => {
  await server.close();
});

describe("Okta's user sequence", () => {
  let id: string;

  it("checks, creates (with password and groups), and pages users", async () => {
    const check = await okta.scim("GET", `/Users?${eq("userName", "test.user@okta.local")}&startIndex=1&count=100`);
    expect(check.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    const created = await okta.scim("POST", "/Users", {
      schemas: [USER_SCHEMA],
      userName: "test.user@okta.local",
      name: { givenName: "Test", familyName: "User" },
      emails: [{ primary: true, value: "test.user@okta.local", type: "work" }],
      displayName: "Test User",
      locale: "en-US",
      externalId: "00ujl29u0le5T6Aj10h7",
      groups: [],
      password: "1mz050nq",
      active: true,
    });
    expect(created.status).toBe(201);
    id = created.body!.id;
    expect(created.body!.password).toBeUndefined();
    const stored = await prisma.sourceResource.findFirstOrThrow({ where: { anchor: id } });
    expect(stored.resource).not.toContain("1mz050nq");
    expect(await prisma.directoryUser.findUniqueOrThrow({ where: { id } })).toMatchObject({
      userPrincipalName: "test.user@okta.local",
      displayName: "Test User",
      mail: "test.user@okta.local",
      externalId: "00ujl29u0le5T6Aj10h7",
    });

    for (const n of [2, 3]) {
      const res = await okta.scim("POST", "/Users", {
        schemas: [USER_SCHEMA],
        userName: `user${n}@okta.local`,
        active: true,
      });
      expect(res.status).toBe(201);
    }
    const page1 = await okta.scim("GET", "/Users?startIndex=1&count=2");
    const page2 = await okta.scim("GET", "/Users?startIndex=3&count=2");
    expect(page1.body).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 2 });
    expect(page2.body).toMatchObject({ totalResults: 3, startIndex: 3, itemsPerPage: 1 });
    const ids = [...page1.body!.Resources, ...page2.body!.Resources].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe(id);
  });

  it("updates with a full PUT after a GET, as Okta does", async () => {
    const current = await okta.scim("GET", `/Users/${id}`);
    const body = {
      ...current.body!,
      name: { givenName: "Another", middleName: "Excited", familyName: "User" },
      groups: [],
    };
    const put = await okta.scim("PUT", `/Users/${id}`, body);
    expect(put.status).toBe(200);
    expect(put.body!.name).toMatchObject({ givenName: "Another", middleName: "Excited" });
    const user = await prisma.directoryUser.findUniqueOrThrow({ where: { id } });
    expect(user).toMatchObject({ givenName: "Another", surname: "User", accountEnabled: true });
    // A PUT replaces: what it leaves out is gone.
    const { emails: _emails, ...withoutEmails } = put.body!;
    const again = await okta.scim("PUT", `/Users/${id}`, withoutEmails);
    expect(again.status).toBe(200);
    expect((await prisma.directoryUser.findUniqueOrThrow({ where: { id } })).mail).toBeNull();
  });

  it("deactivates with a path-less PATCH of active: false", async () => {
    const res = await okta.scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(res.status).toBe(200);
    expect(res.body!.active).toBe(false);
    const user = await prisma.directoryUser.findUniqueOrThrow({ where: { id } });
    expect(user.accountEnabled).toBe(false);
    expect(user.deletedAt).toBeNull();
  });
});

describe("Okta's Group Push", () => {
  let groupId: string;
  let users: string[];

  beforeAll(async () => {
    users = (await prisma.directoryUser.findMany({ where: { sourceId: okta.id }, orderBy: { createdAt: "asc" } })).map(
      (u) => u.id,
    );
  });

  it("creates, renames with id in the value, and changes members", async () => {
    const created = await okta.scim("POST", "/Groups", {
      schemas: [GROUP_SCHEMA],
      displayName: "Test SCIMv2",
      members: [],
    });
    expect(created.status).toBe(201);
    groupId = created.body!.id;
    expect(created.body!.members).toEqual([]);

    const renamed = await okta.scim("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { id: groupId, displayName: "Test SCIMv20" } }],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body!.displayName).toBe("Test SCIMv20");

    const add = await okta.scim("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: "add",
          path: "members",
          value: [{ value: users[0], display: "test.user@okta.local" }, { value: users[1] }],
        },
      ],
    });
    expect(add.status).toBe(204);
    const swap = await okta.scim("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "remove", path: `members[value eq "${users[0]}"]` },
        { op: "add", path: "members", value: [{ value: users[2], display: "user3@okta.local" }] },
      ],
    });
    expect(swap.status).toBe(204);
    const members = async () =>
      (await prisma.groupMembership.findMany({ where: { groupId } })).map((m) => m.userId).sort();
    expect(await members()).toEqual([users[1], users[2]].sort());

    // A full push of the membership replaces it.
    const replace = await okta.scim("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "members", value: [{ value: users[0] }, { value: users[2] }] }],
    });
    expect(replace.status).toBe(200);
    expect(await members()).toEqual([users[0], users[2]].sort());
  });

  it("deletes the pushed group", async () => {
    expect((await okta.scim("DELETE", `/Groups/${groupId}`)).status).toBe(204);
    expect((await prisma.directoryGroup.findUniqueOrThrow({ where: { id: groupId } })).deletedAt).not.toBeNull();
  });
});
