import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import type { ScimPushServer } from "./start-scim-push-server";
import {
  ENTERPRISE,
  LEGACY_GROUP,
  PATCH_OP,
  USER_SCHEMA,
  addPushSource,
  eq,
  startPushServer,
  type PushSource,
} from "../test-support/scim-push-client";

// The request sequences Microsoft Entra ID's provisioning service sends (learn.microsoft.com, "Develop a SCIM
// endpoint": Protocol requests and responses; and the SCIM compliance flag page), replayed over HTTP.

let server: ScimPushServer;
let entra: PushSource;

beforeAll(async () => {
  server = await startPushServer();
  entra = await addPushSource(server, "Contoso Entra ID");
});
afterAll(async () => {
  await server.close();
});

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

async function directoryUser(id: string) {
  return prisma.directoryUser.findUniqueOrThrow({ where: { id } });
}

describe("Entra ID's user sequence", () => {
  let id: string;

  it("queries, creates, reads and finds a user the way Entra does", async () => {
    const none = await entra.scim("GET", `/Users?${eq("userName", "adele.vance@contoso.com")}`);
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });

    const created = await entra.scim("POST", "/Users", {
      schemas: [USER_SCHEMA, ENTERPRISE],
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName: "Adele.Vance@contoso.com",
      active: true,
      emails: [{ primary: true, type: "work", value: "adele@contoso.com" }],
      meta: { resourceType: "User" },
      name: { formatted: "Adele Vance", familyName: "Vance", givenName: "Adele" },
      title: "Retail Manager",
      roles: [],
      [ENTERPRISE]: { department: "Retail", employeeNumber: "E-1001" },
    });
    expect(created.status).toBe(201);
    id = created.body!.id;
    expect(created.headers.get("location")).toBe(`${entra.tenantUrl}/Users/${id}`);
    expect(created.headers.get("content-type")).toContain("application/scim+json");
    expect(created.body).toMatchObject({
      userName: "Adele.Vance@contoso.com",
      active: true,
      meta: { resourceType: "User" },
    });

    const user = await directoryUser(id);
    expect(user).toMatchObject({
      sourceId: entra.id,
      sourceAnchor: id,
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userPrincipalName: "Adele.Vance@contoso.com",
      mailNickname: "Adele.Vance",
      displayName: "Adele Vance",
      givenName: "Adele",
      surname: "Vance",
      mail: "adele@contoso.com",
      jobTitle: "Retail Manager",
      department: "Retail",
      employeeId: "E-1001",
      accountEnabled: true,
      deletedAt: null,
    });

    const read = await entra.scim("GET", `/Users/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef" });
    expect(read.body!.meta.location).toBe(`${entra.tenantUrl}/Users/${id}`);
    expect(read.body!.password).toBeUndefined();

    // RFC 7643 makes userName case-insensitive; Entra also matches on externalId.
    const byName = await entra.scim("GET", `/Users?${eq("userName", "adele.vance@CONTOSO.com")}`);
    expect(byName.body).toMatchObject({ totalResults: 1 });
    expect(byName.body!.Resources[0].id).toBe(id);
    const byExternal = await entra.scim("GET", `/Users?${eq("externalId", "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef")}`);
    expect(byExternal.body!.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it("applies Entra's PascalCase PATCHes: typed email, family name, userName", async () => {
    const res = await entra.scim(
      "PATCH",
      `/Users/${id}`,
      patch(
        { op: "Replace", path: 'emails[type eq "work"].value', value: "adele.vance@contoso.com" },
        { op: "Replace", path: "name.familyName", value: "Vance-Smith" },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body!.name.familyName).toBe("Vance-Smith");
    expect(await directoryUser(id)).toMatchObject({ mail: "adele.vance@contoso.com", surname: "Vance-Smith" });

    const renamed = await entra.scim(
      "PATCH",
      `/Users/${id}`,
      patch({ op: "Replace", path: "userName", value: "adele@contoso.com" }),
    );
    expect(renamed.status).toBe(200);
    expect((await directoryUser(id)).userPrincipalName).toBe("adele@contoso.com");
  });

  it("applies a path-less replace with dotted and extension-qualified keys (?aadOptscim062020)", async () => {
    const res = await entra.scim(
      "PATCH",
      `/Users/${id}`,
      patch({
        op: "replace",
        value: {
          displayName: "Adele V.",
          "name.givenName": "Adèle",
          [`${ENTERPRISE}:employeeNumber`]: "E-2002",
          [`${ENTERPRISE}:department`]: "Sales",
        },
      }),
    );
    expect(res.status).toBe(200);
    expect(await directoryUser(id)).toMatchObject({
      displayName: "Adele V.",
      givenName: "Adèle",
      employeeId: "E-2002",
      department: "Sales",
    });
  });

  it('adds a typed value that is not there yet (Add phoneNumbers[type eq "mobile"].value)', async () => {
    const res = await entra.scim(
      "PATCH",
      `/Users/${id}`,
      patch({ op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 425 555 0100" }),
    );
    expect(res.status).toBe(200);
    expect((await directoryUser(id)).mobilePhone).toBe("+1 425 555 0100");
  });

  it('disables with the string "False", and enables again', async () => {
    const off = await entra.scim("PATCH", `/Users/${id}`, patch({ op: "Replace", path: "active", value: "False" }));
    expect(off.status).toBe(200);
    expect(off.body!.active).toBe(false);
    expect((await directoryUser(id)).accountEnabled).toBe(false);
    const on = await entra.scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: "active", value: true }));
    expect(on.body!.active).toBe(true);
    expect((await directoryUser(id)).accountEnabled).toBe(true);
  });

  it("deletes as a soft delete, answers 404 afterwards, and restores on a new POST of the userName", async () => {
    const before = await prisma.directoryChange.count({ where: { objectId: id } });
    const del = await entra.scim("DELETE", `/Users/${id}`);
    expect(del.status).toBe(204);
    const user = await directoryUser(id);
    expect(user.deletedAt).not.toBeNull();
    expect(await prisma.directoryChange.count({ where: { objectId: id, kind: "SoftDeleted" } })).toBe(1);
    expect(await prisma.directoryChange.count({ where: { objectId: id } })).toBe(before + 1);
    expect((await entra.scim("GET", `/Users/${id}`)).status).toBe(404);
    expect((await entra.scim("DELETE", `/Users/${id}`)).status).toBe(404);
    expect((await entra.scim("GET", `/Users?${eq("userName", "adele@contoso.com")}`)).body!.totalResults).toBe(0);

    const again = await entra.scim("POST", "/Users", {
      schemas: [USER_SCHEMA],
      userName: "adele@contoso.com",
      active: true,
      name: { givenName: "Adele", familyName: "Vance" },
    });
    expect(again.status).toBe(201);
    expect(again.body!.id).toBe(id);
    expect(await directoryUser(id)).toMatchObject({ deletedAt: null, displayName: "Adele Vance", department: null });
  });
});

describe("Entra ID's group sequence", () => {
  let groupId: string;
  const members: string[] = [];

  beforeAll(async () => {
    for (const name of ["megan", "nestor", "lynne"]) {
      const res = await entra.scim("POST", "/Users", {
        schemas: [USER_SCHEMA],
        userName: `${name}@contoso.com`,
        active: true,
      });
      expect(res.status).toBe(201);
      members.push(res.body!.id);
    }
  });

  it("queries by displayName without members, and creates with the legacy schema marker", async () => {
    const none = await entra.scim("GET", `/Groups?excludedAttributes=members&${eq("displayName", "Retail")}`);
    expect(none.body).toMatchObject({ totalResults: 0 });
    const created = await entra.scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group", LEGACY_GROUP],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "Retail",
      meta: { resourceType: "Group" },
    });
    expect(created.status).toBe(201);
    groupId = created.body!.id;
    expect(created.body!.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:Group"]);
    const group = await prisma.directoryGroup.findUniqueOrThrow({ where: { id: groupId } });
    expect(group).toMatchObject({
      displayName: "Retail",
      sourceId: entra.id,
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    });

    const found = await entra.scim("GET", `/Groups?excludedAttributes=members&${eq("displayName", "retail")}`);
    expect(found.body!.Resources).toHaveLength(1);
    expect(found.body!.Resources[0].members).toBeUndefined();
    const read = await entra.scim("GET", `/Groups/${groupId}?excludedAttributes=members`);
    expect(read.status).toBe(200);
    expect(read.body!.members).toBeUndefined();
  });

  it("renames, then adds and removes members in batches", async () => {
    const renamed = await entra.scim(
      "PATCH",
      `/Groups/${groupId}`,
      patch({ op: "Replace", path: "displayName", value: "Retail EMEA" }),
    );
    expect(renamed.status).toBe(200);
    expect((await prisma.directoryGroup.findUniqueOrThrow({ where: { id: groupId } })).displayName).toBe("Retail EMEA");

    const add = await entra.scim(
      "PATCH",
      `/Groups/${groupId}`,
      patch({ op: "Add", path: "members", value: members.map((value) => ({ $ref: null, value })) }),
    );
    expect(add.status).toBe(204);
    const memberIds = async () =>
      (await prisma.groupMembership.findMany({ where: { groupId } })).map((m) => m.userId).sort();
    expect(await memberIds()).toEqual([...members].sort());

    const removeLegacy = await entra.scim(
      "PATCH",
      `/Groups/${groupId}`,
      patch({ op: "Remove", path: "members", value: [{ value: members[0] }] }),
    );
    expect(removeLegacy.status).toBe(204);
    const removeCompliant = await entra.scim(
      "PATCH",
      `/Groups/${groupId}`,
      patch({ op: "remove", path: `members[value eq "${members[1]}"]` }),
    );
    expect(removeCompliant.status).toBe(204);
    expect(await memberIds()).toEqual([members[2]]);

    const read = await entra.scim("GET", `/Groups/${groupId}`);
    expect(read.body!.members).toEqual([
      { value: members[2], display: "lynne@contoso.com", type: "User", $ref: `${entra.tenantUrl}/Users/${members[2]}` },
    ]);
    expect(await prisma.directoryChange.count({ where: { objectId: groupId, kind: "MembersChanged" } })).toBe(3);
  });

  it("deletes the group as a soft delete", async () => {
    expect((await entra.scim("DELETE", `/Groups/${groupId}`)).status).toBe(204);
    expect((await prisma.directoryGroup.findUniqueOrThrow({ where: { id: groupId } })).deletedAt).not.toBeNull();
    expect((await entra.scim("GET", `/Groups/${groupId}`)).status).toBe(404);
  });
});

describe("discovery", () => {
  it("serves ServiceProviderConfig, ResourceTypes and Schemas with this endpoint's URLs", async () => {
    const config = await entra.scim("GET", "/ServiceProviderConfig");
    expect(config.status).toBe(200);
    expect(config.body!.patch.supported).toBe(true);
    expect(config.body!.authenticationSchemes[0].description).toContain("source's page");
    expect(config.body!.meta.location).toBe(`${entra.tenantUrl}/ServiceProviderConfig`);
    const types = await entra.scim("GET", "/ResourceTypes");
    expect(types.body!.Resources.map((r: { name: string }) => r.name).sort()).toEqual(["Group", "User"]);
    const schemas = await entra.scim("GET", "/Schemas");
    expect(schemas.body!.Resources.map((r: { id: string }) => r.id)).toContain(ENTERPRISE);
  });
});
