import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { API_ENDPOINTS } from "./api-endpoints";
import { buildOpenApiDocument } from "./build-openapi-document";
import { apiReader, callApi } from "./test-support/call-api";
import { authenticateApiRequest } from "./authenticate-api-request";
import { createAdminUser } from "../auth/create-admin-user";
import { createApiToken } from "../auth/api-tokens/create-api-token";
import { handleApiRequest } from "./handle-api-request";

const reader = apiReader;
const call = callApi;

beforeEach(async () => {
  await prisma.application.deleteMany();
  await prisma.auditEvent.deleteMany();
});

describe("the REST API's request handling", () => {
  it("adds, renames, reads and deletes an application through the lib/ operations, audited as the token", async () => {
    const created = await call("POST", "/applications", { body: { templateId: "zscaler-two", name: "Zscaler" } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect((await call("PATCH", `/applications/${id}`, { body: { name: "Zscaler Two" } })).json).toEqual({
      changed: true,
    });
    const got = await call("GET", `/applications/${id}`);
    expect(got.json).toMatchObject({
      id,
      name: "Zscaler Two",
      templateId: "zscaler-two",
      provisioningStatus: "NotConfigured",
    });
    const audit = await call("GET", `/applications/${id}/audit`);
    expect(audit.json.events.map((e: { actor: string; action: string }) => `${e.actor}: ${e.action}`)).toEqual([
      "ci (API token): application.renamed",
      "ci (API token): application.created",
    ]);
    const deleted = await call("DELETE", `/applications/${id}`);
    expect(deleted.status).toBe(204);
    const gone = await call("GET", `/applications/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.type).toBe("application/problem+json");
    expect(gone.json).toMatchObject({
      status: 404,
      code: "application.not_found",
      instance: `/api/v1/applications/${id}`,
    });
  });

  it("refuses a Reader's changes with 403 problem details, and lets it read", async () => {
    const refused = await call("POST", "/applications", { body: { templateId: "zscaler-two", name: "X" }, as: reader });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: "auth.forbidden", title: "Forbidden" });
    expect(await prisma.application.count()).toBe(0);
    expect((await call("GET", "/applications", { as: reader })).status).toBe(200);
  });

  it("answers invalid input with field errors, and bad JSON, big bodies, unknown paths and methods", async () => {
    const invalid = await call("POST", "/applications", { body: { templateId: "zscaler-two", name: " " } });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ code: "request.invalid", fieldErrors: { name: "Enter a name" } });
    const template = await call("POST", "/applications", { body: { templateId: "nope", name: "X" } });
    expect(template.json.code).toBe("template.not_found");
    expect((await call("POST", "/applications", { raw: "{not json" })).json.code).toBe("request.invalid_json");
    const big = await call("POST", "/applications", { raw: JSON.stringify({ name: "x".repeat(1_100_000) }) });
    expect([big.status, big.json.code]).toEqual([413, "request.too_large"]);
    expect((await call("GET", "/nothing-here")).json).toMatchObject({ status: 404, code: "api.not_found" });
    const method = await call("PUT", "/applications");
    expect([method.status, method.json.code, method.res.headers.get("allow")]).toEqual([
      405,
      "api.method_not_allowed",
      "GET, POST",
    ]);
    const logs = await call("GET", "/provisioning-logs?status=Nope");
    expect([logs.status, logs.json.code]).toEqual([400, "request.invalid"]);
    expect(logs.json.fieldErrors.status).toBeTruthy();
  });

  it("keeps the Secret Token write-only: it is never in an answer or the audit", async () => {
    const { json } = await call("POST", "/applications", { body: { templateId: "zscaler-two", name: "Z" } });
    const secret = "s3cret-token-value-for-the-test-0123456789";
    const saved = await call("PATCH", `/applications/${json.id}/provisioning`, {
      body: { mode: "Automatic", tenantUrl: "https://scim.example.com/scim", secretToken: secret },
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ mode: "Automatic", hasSecretToken: true, enabled: false });
    expect(JSON.stringify(saved.json)).not.toContain(secret);
    expect(JSON.stringify((await call("GET", `/applications/${json.id}/provisioning`)).json)).not.toContain(secret);
    expect(JSON.stringify(await prisma.auditEvent.findMany())).not.toContain(secret);
    // Status On before a passed Test Connection is refused with the page's message, on the enabled field.
    const on = await call("POST", `/applications/${json.id}/provisioning/start`);
    expect([on.status, on.json.code]).toEqual([400, "provisioning.invalid"]);
    expect(on.json.fieldErrors.enabled).toMatch(/Test Connection/);
  });

  it("exports and applies a configuration document, with problems at the document's paths", async () => {
    const { json } = await call("POST", "/applications", { body: { templateId: "zscaler-two", name: "Cfg" } });
    const exported = await call("GET", `/applications/${json.id}/configuration`);
    expect(exported.status).toBe(200);
    expect(exported.json).toMatchObject({ version: 1, application: { name: "Cfg", template: "zscaler-two" } });
    const doc = { ...exported.json, provisioning: { ...exported.json.provisioning, deletionThreshold: 9 } };
    const refused = await call("POST", `/applications/${json.id}/configuration`, {
      body: { document: doc },
      as: reader,
    });
    expect([refused.status, refused.json.code]).toEqual([403, "auth.forbidden"]);
    const dry = await call("POST", `/applications/${json.id}/configuration`, { body: { document: doc, dryRun: true } });
    expect(dry.json.changes.map((c: { path: string }) => c.path)).toEqual(["provisioning.deletionThreshold"]);
    expect((await call("GET", `/applications/${json.id}/configuration`)).json.provisioning.deletionThreshold).toBe(500);
    const applied = await call("POST", "/configuration", { body: { document: doc } });
    expect([applied.status, applied.json.applicationId, applied.json.changes.length]).toEqual([200, json.id, 1]);
    const again = await call("POST", `/applications/${json.id}/configuration`, { body: { document: doc } });
    expect(again.json.changes).toEqual([]);
    const bad = { ...doc, mappings: { ...doc.mappings, users: [{ ...doc.mappings.users[0], target: "" }] } };
    const invalid = await call("POST", `/applications/${json.id}/configuration`, { body: { document: bad } });
    expect([invalid.status, invalid.json.code]).toEqual([400, "configuration.invalid"]);
    expect(Object.keys(invalid.json.fieldErrors)).toEqual(["mappings.users[0].target"]);
    const audit = await call("GET", `/applications/${json.id}/audit`);
    expect(audit.json.events[0]).toMatchObject({ actor: "ci (API token)", action: "configuration.applied" });
  });

  it("lists the audit trail outside applications, and refuses a Reader's directory and source changes", async () => {
    const source = await call("POST", "/sources", { body: { name: `API source ${Date.now()}`, kind: "ScimPush" } });
    expect(source.status).toBe(201);
    const audit = await call("GET", "/audit?limit=5", { as: reader });
    expect(audit.json.events[0]).toMatchObject({ action: "source.created", actor: "ci (API token)" });
    const user = { userPrincipalName: `api.${Date.now()}@contoso.test`, displayName: "API", mailNickname: "api" };
    expect((await call("POST", "/directory/users", { body: user, as: reader })).status).toBe(403);
    const created = await call("POST", "/directory/users", { body: user });
    expect(created.status).toBe(201);
    expect((await call("POST", `/directory/users/${created.json.id}/disable`, { as: reader })).status).toBe(403);
    expect((await call("POST", `/directory/users/${created.json.id}/disable`)).status).toBe(204);
    expect(await prisma.directoryUser.findUnique({ where: { id: created.json.id } })).toMatchObject({
      accountEnabled: false,
    });
    // The token's directory writes are in the audit trail under its name; the Reader's refused ones are not.
    const trail = await call("GET", "/audit?limit=5", { as: reader });
    expect(trail.json.events.map((e: { actor: string; action: string }) => `${e.actor}: ${e.action}`)).toEqual([
      "ci (API token): directory.user.disabled",
      "ci (API token): directory.user.created",
      "ci (API token): source.created",
    ]);
  });

  it("reads one user, one group with its members paged by cursor, and one source", async () => {
    const stamp = Date.now();
    const ids: string[] = [];
    for (const name of ["Cleo", "Ada", "Bea", "Ada"]) {
      const upn = `${name.toLowerCase()}.${ids.length}.${stamp}@contoso.test`;
      const res = await call("POST", "/directory/users", { body: { userPrincipalName: upn, displayName: name } });
      ids.push(res.json.id as string);
    }
    const group = await call("POST", "/directory/groups", { body: { displayName: `Paged ${stamp}` } });
    const groupId = group.json.id as string;
    await call("POST", `/directory/groups/${groupId}/members`, { body: { userIds: ids } });

    const user = await call("GET", `/directory/users/${ids[0]}`, { as: reader });
    expect(user.status).toBe(200);
    expect(user.json).toMatchObject({ id: ids[0], displayName: "Cleo", accountEnabled: true, source: null });
    expect(user.json.memberships).toEqual([expect.objectContaining({ groupId, deleted: false })]);
    expect(user.json).not.toHaveProperty("sourceAnchor");
    const read = await call("GET", `/directory/groups/${groupId}`, { as: reader });
    expect(read.json).toMatchObject({ id: groupId, displayName: `Paged ${stamp}`, memberCount: 4, source: null });

    // Pages of 3 by display name, ties by id, then the last page with no next cursor.
    const first = await call("GET", `/directory/groups/${groupId}/members?limit=3`, { as: reader });
    expect(first.json.members.map((m: { displayName: string }) => m.displayName)).toEqual(["Ada", "Ada", "Bea"]);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const next = await call("GET", `/directory/groups/${groupId}/members?limit=3&cursor=${first.json.nextCursor}`);
    expect(next.json).toEqual({
      members: [expect.objectContaining({ id: ids[0], displayName: "Cleo" })],
      nextCursor: null,
    });
    const all = [...first.json.members, ...next.json.members].map((m: { id: string }) => m.id);
    expect(new Set(all).size).toBe(4);
    const bad = await call("GET", `/directory/groups/${groupId}/members?cursor=nonsense`);
    expect([bad.status, bad.json.code]).toEqual([400, "directory.bad_cursor"]);

    const missingUser = await call("GET", "/directory/users/00000000-0000-0000-0000-000000000000");
    expect([missingUser.status, missingUser.json.code]).toEqual([404, "directory.user_not_found"]);
    const missingGroup = await call("GET", "/directory/groups/00000000-0000-0000-0000-000000000000/members");
    expect([missingGroup.status, missingGroup.json.code]).toEqual([404, "directory.group_not_found"]);

    const source = await call("POST", "/sources", { body: { name: `Read source ${stamp}`, kind: "ScimPush" } });
    const token = await call("POST", `/sources/${source.json.id}/tokens`, { body: { name: "entra" } });
    const got = await call("GET", `/sources/${source.json.id}`, { as: reader });
    expect(got.json).toMatchObject({
      id: source.json.id,
      kind: "ScimPush",
      status: "Active",
      ldap: null,
      counts: { users: 0, deletedUsers: 0, groups: 0 },
      tokens: [{ name: "entra", prefix: token.json.prefix, revokedAt: null }],
    });
    expect(got.json.tenantUrl).toMatch(new RegExp(`/scim/v2/${source.json.id}$`));
    expect(JSON.stringify(got.json)).not.toContain(token.json.token);
    expect((await call("GET", "/sources/nope")).json.code).toBe("source.not_found");
  });

  it("records a real token's last use on reads, and audits its writes only, under its name", async () => {
    const owner = await createAdminUser(
      { username: `owner.${Date.now()}`, password: "a-long-password-123", role: "Administrator" },
      "test",
    );
    const { id, token } = await createApiToken(
      { name: "deploy", role: "Administrator" },
      { id: owner.id, username: owner.username, role: "Administrator" },
    );
    const send = async (method: string, path: string, body?: unknown) => {
      const request = new Request(`http://localhost/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return handleApiRequest({
        endpoints: API_ENDPOINTS,
        request,
        path,
        authenticate: () =>
          authenticateApiRequest({
            authorization: request.headers.get("authorization"),
            sessionToken: undefined,
            ip: "10.1.2.3",
          }),
      });
    };
    const audited = () => prisma.auditEvent.count();
    const before = await audited();
    expect((await send("GET", "/applications")).status).toBe(200);
    expect((await send("GET", "/audit")).status).toBe(200);
    // Reads are not audit events (as in Entra's audit logs, which record changes); the token's row says when
    // and from where it was last used.
    expect(await audited()).toBe(before);
    expect(await prisma.apiToken.findUniqueOrThrow({ where: { id } })).toMatchObject({
      lastUsedIp: "10.1.2.3",
      lastUsedAt: expect.any(Date),
    });
    expect((await send("POST", "/applications", { templateId: "zscaler-two", name: "By token" })).status).toBe(201);
    const [event] = await prisma.auditEvent.findMany({ orderBy: { id: "desc" }, take: 1 });
    expect(event).toMatchObject({ actor: "deploy (API token)", action: "application.created" });
    expect(JSON.stringify(await prisma.auditEvent.findMany())).not.toContain(token);
  });

  it("describes every endpoint in one OpenAPI 3.1 document", () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item as object));
    expect(operations).toHaveLength(API_ENDPOINTS.length);
    const ids = new Set(operations.map((o) => (o as { operationId: string }).operationId));
    for (const e of API_ENDPOINTS) expect(ids).toContain(e.operationId);
  });
});
