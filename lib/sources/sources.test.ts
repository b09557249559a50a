import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { isAppError } from "../errors";
import { addGroupMembers } from "../directory/add-group-members";
import { createGroup } from "../directory/create-group";
import { hardDeleteUser } from "../directory/hard-delete-user";
import { importDirectoryFile } from "../directory/import-directory-file";
import { removeGroupMembers } from "../directory/remove-group-members";
import { restoreUser } from "../directory/restore-user";
import { setUserAccountEnabled } from "../directory/set-user-account-enabled";
import { softDeleteUser } from "../directory/soft-delete-user";
import { updateGroup } from "../directory/update-group";
import { updateUser } from "../directory/update-user";
import { createSource } from "./create-source";
import { createSourceToken } from "./create-source-token";
import { deleteSource } from "./delete-source";
import { getSource } from "./get-source";
import { listSources } from "./list-sources";
import { revokeSourceToken } from "./revoke-source-token";
import { saveSourceAttributeMap } from "./save-source-attribute-map";
import { defaultScimAttributeMap, type ScimAttributeMapping } from "./scim-attribute-map";
import { updateSource } from "./update-source";
import type { ScimPushServer } from "./scim/start-scim-push-server";
import {
  GROUP_SCHEMA,
  USER_SCHEMA,
  addPushSource,
  startPushServer,
  type PushSource,
} from "./test-support/scim-push-client";

async function appError(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an AppError");
}

describe("sources and their tokens", () => {
  it("creates a source with the default mapping, and refuses a name in use in any letter case", async () => {
    const { id } = await createSource({ name: "Fabrikam Okta", kind: "ScimPush" }, "admin");
    const source = await getSource(id);
    expect(source).toMatchObject({ name: "Fabrikam Okta", kind: "ScimPush", status: "Active", lastChangeAt: null });
    expect(source!.attributeMap.users).toContainEqual({ directory: "userPrincipalName", scim: "userName" });
    expect((await appError(() => createSource({ name: "fabrikam OKTA", kind: "ScimPush" }, "admin"))).code).toBe(
      "source.name_taken",
    );
    await expect(createSource({ name: "LDAP", kind: "Ldap" }, "admin")).rejects.toThrow(/Only SCIM push/);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "source.created" } });
    expect(audit.actor).toBe("admin");
    expect(JSON.parse(audit.details!)).toMatchObject({ sourceId: id, name: "Fabrikam Okta" });
  });

  it("shows a token once, keeps only its hash and prefix, and audits without it", async () => {
    const { id } = await createSource({ name: "Token test", kind: "ScimPush" }, "admin");
    const created = await createSourceToken({ sourceId: id, name: "Entra ID" }, "admin");
    expect(created.token).toMatch(/^prv_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    const row = await prisma.sourceToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const detail = await getSource(id);
    expect(detail!.tokens).toEqual([
      expect.objectContaining({ id: created.id, name: "Entra ID", prefix: created.prefix, revokedAt: null }),
    ]);
    expect(JSON.stringify(detail)).not.toContain(created.token);
    await revokeSourceToken({ sourceId: id, tokenId: created.id }, "admin");
    expect((await getSource(id))!.tokens[0].revokedAt).not.toBeNull();
    const events = await prisma.auditEvent.findMany({ where: { action: { startsWith: "source.token" } } });
    expect(events.map((e) => e.action).sort()).toEqual(["source.token.created", "source.token.revoked"]);
    for (const e of events) expect(e.details).not.toContain(created.token);
    // Another source's token id is not this source's to revoke.
    const other = await createSource({ name: "Other", kind: "ScimPush" }, "admin");
    const otherToken = await createSourceToken({ sourceId: other.id, name: "x" }, "admin");
    expect((await appError(() => revokeSourceToken({ sourceId: id, tokenId: otherToken.id }, "admin"))).code).toBe(
      "source.token_not_found",
    );
  });

  it("renames and disables with an audit entry each", async () => {
    const { id } = await createSource({ name: "Renamed", kind: "ScimPush" }, "admin");
    await updateSource({ id, name: "Renamed twice", status: "Disabled" }, "admin");
    expect(await getSource(id)).toMatchObject({ name: "Renamed twice", status: "Disabled" });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "source.updated" } });
    expect(JSON.parse(audit.details!)).toMatchObject({
      name: { from: "Renamed", to: "Renamed twice" },
      status: { to: "Disabled" },
    });
  });
});

describe("objects a source owns are read-only in Provisio", () => {
  let server: ScimPushServer;
  let idp: PushSource;
  let userId: string;
  let groupId: string;

  beforeAll(async () => {
    server = await startPushServer();
    idp = await addPushSource(server, "Read-only IdP");
    userId = (
      await idp.scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: "megan@contoso.com", displayName: "Megan" })
    ).body!.id;
    groupId = (
      await idp.scim("POST", "/Groups", {
        schemas: [GROUP_SCHEMA],
        displayName: "Pushed group",
        members: [{ value: userId }],
      })
    ).body!.id;
  });
  afterAll(async () => {
    await server.close();
  });

  it("refuses every change to a pushed user or group, naming the source", async () => {
    const refusals = [
      () => updateUser({ id: userId, displayName: "Changed" }, "test"),
      () => setUserAccountEnabled({ id: userId, accountEnabled: false }, "test"),
      () => softDeleteUser({ id: userId }, "test"),
      () => hardDeleteUser({ id: userId }, "test"),
      () => updateGroup({ id: groupId, displayName: "Changed" }, "test"),
      () => removeGroupMembers({ groupId, userIds: [userId] }, "test"),
    ];
    for (const run of refusals) {
      const e = await appError(run);
      expect(e.code).toBe("directory.source_owned");
      expect(e.message).toContain("Read-only IdP");
    }
    const user = await prisma.directoryUser.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({ displayName: "Megan", accountEnabled: true, deletedAt: null });
    expect(await prisma.groupMembership.count({ where: { groupId } })).toBe(1);
  });

  it("lets a hand-made group hold a pushed user", async () => {
    const { id } = await createGroup({ displayName: "Hand-made" }, "test");
    expect(await addGroupMembers({ groupId: id, userIds: [userId] }, "test")).toEqual({ added: 1 });
  });

  it("refuses an import that would change a pushed user, and takes one that lists it unchanged", async () => {
    const json = (displayName: string) =>
      JSON.stringify({ value: [{ id: userId, userPrincipalName: "megan@contoso.com", displayName }] });
    const changed = await importDirectoryFile({ fileName: "users.json", text: json("Megan B.") }, { actor: "test" });
    expect(changed.status).toBe("invalid");
    expect(changed.status === "invalid" && changed.errors[0].message).toContain("comes from the source Read-only IdP");
    expect((await prisma.directoryUser.findUniqueOrThrow({ where: { id: userId } })).displayName).toBe("Megan");
    const same = await importDirectoryFile({ fileName: "users.json", text: json("Megan") }, { actor: "test" });
    expect(same.status === "imported" && same.users.unchanged).toBe(1);
  });

  it("lets an admin purge a user the source deleted", async () => {
    expect((await idp.scim("DELETE", `/Users/${userId}`)).status).toBe(204);
    expect((await appError(() => restoreUser({ id: userId }, "test"))).code).toBe("directory.source_owned");
    await hardDeleteUser({ id: userId }, "test");
    expect(await prisma.directoryUser.findUnique({ where: { id: userId } })).toBeNull();
  });

  it("counts what each source owns, and releases its objects when it is deleted", async () => {
    const listed = (await listSources()).find((s) => s.id === idp.id)!;
    expect(listed).toMatchObject({ users: 0, groups: 1, activeTokens: 1 });
    expect(listed.lastChangeAt).not.toBeNull();
    const released = await deleteSource({ id: idp.id }, "admin");
    expect(released).toEqual({ releasedUsers: 0, releasedGroups: 1 });
    expect(await prisma.directoryGroup.findUniqueOrThrow({ where: { id: groupId } })).toMatchObject({ sourceId: null });
    await updateGroup({ id: groupId, displayName: "Now hand-made" }, "test");
    expect((await idp.scim("GET", "/Users")).status).toBe(401);
  });
});

describe("the attribute mapping", () => {
  let server: ScimPushServer;
  let idp: PushSource;
  let userId: string;

  beforeAll(async () => {
    server = await startPushServer();
    idp = await addPushSource(server, "Mapping IdP");
    userId = (
      await idp.scim("POST", "/Users", {
        schemas: [USER_SCHEMA],
        userName: "isaiah@contoso.com",
        title: "Engineer",
        nickName: "Ike",
        emails: [{ value: "isaiah.langer@contoso.com", type: "work" }],
      })
    ).body!.id;
  });
  afterAll(async () => {
    await server.close();
  });

  it("validates a mapping: one row per attribute, bound types, userPrincipalName required", async () => {
    const base = defaultScimAttributeMap;
    const bad: ScimAttributeMapping[][] = [
      [...base, { directory: "jobTitle", scim: "userType" }],
      base.map((m) => (m.directory === "accountEnabled" ? { ...m, scim: "title" } : m)),
      base.filter((m) => m.directory !== "userPrincipalName"),
      [...base.filter((m) => m.directory !== "department"), { directory: "department", scim: "active" }],
    ];
    for (const users of bad) {
      await expect(saveSourceAttributeMap({ sourceId: idp.id, users }, "admin")).rejects.toThrow();
    }
    await expect(
      saveSourceAttributeMap(
        { sourceId: idp.id, users: [...base, { directory: "city", scim: "no.such" as never }] },
        "admin",
      ),
    ).rejects.toThrow();
  });

  it("applies a new mapping to the users already pushed, with a change and an audit entry", async () => {
    const replaced = ["jobTitle", "displayName", "department"];
    const users = [
      ...defaultScimAttributeMap.filter((m) => !replaced.includes(m.directory)),
      { directory: "department" as const, scim: "title" as const },
      { directory: "displayName" as const, scim: "nickName" as const },
    ];
    const changesBefore = await prisma.directoryChange.count({ where: { objectId: userId } });
    expect(await saveSourceAttributeMap({ sourceId: idp.id, users }, "admin")).toEqual({ usersChanged: 1 });
    expect(await prisma.directoryUser.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({
      jobTitle: null,
      department: "Engineer",
      displayName: "Ike",
      mail: "isaiah.langer@contoso.com",
    });
    expect(await prisma.directoryChange.count({ where: { objectId: userId } })).toBe(changesBefore + 1);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "source.mapping.updated" } });
    expect(JSON.parse(audit.details!)).toMatchObject({ sourceId: idp.id, usersChanged: 1 });
    // New pushes follow the new mapping too.
    await idp.scim("PATCH", `/Users/${userId}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "title", value: "Architect" }],
    });
    expect((await prisma.directoryUser.findUniqueOrThrow({ where: { id: userId } })).department).toBe("Architect");
  });

  it("saves nothing when a pushed user cannot take the new mapping", async () => {
    const before = await getSource(idp.id);
    const users = defaultScimAttributeMap.map((m) =>
      m.directory === "userPrincipalName" ? { ...m, scim: "nickName" as const } : m,
    );
    await expect(saveSourceAttributeMap({ sourceId: idp.id, users }, "admin")).rejects.toThrow(/isaiah@contoso.com/);
    expect((await getSource(idp.id))!.attributeMap).toEqual(before!.attributeMap);
    expect((await prisma.directoryUser.findUniqueOrThrow({ where: { id: userId } })).userPrincipalName).toBe(
      "isaiah@contoso.com",
    );
  });
});
