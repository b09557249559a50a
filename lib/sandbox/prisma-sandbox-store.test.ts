import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { handleScimRequest, type ScimHttpRequest } from "./handle-scim-request";
import { listSandboxGroups, listSandboxUsers } from "./list-sandbox-contents";
import { prismaSandboxStore } from "./prisma-sandbox-store";
import { resetSandbox } from "./reset-sandbox";
import { SANDBOX_TOKEN_KEY, getSandboxToken, regenerateSandboxToken, sandboxTenantUrl } from "./sandbox-token";

// The app's built-in sandbox: the Prisma store driven through handleScimRequest, as the Next.js route does.

const BASE = "http://localhost:3000/api/sandbox/scim/v2";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

type Json = Record<string, any>;

async function scim(method: string, path: string, body?: unknown, token?: string) {
  const [p, query] = path.split("?");
  const request: ScimHttpRequest = {
    method,
    path: p,
    query: new URLSearchParams(query ?? ""),
    headers: { authorization: `Bearer ${token ?? (await getSandboxToken())}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  const res = await handleScimRequest(request, {
    store: prismaSandboxStore,
    baseUrl: BASE,
    token: await getSandboxToken(),
  });
  return { status: res.status, headers: res.headers, body: (res.body ? JSON.parse(res.body) : undefined) as Json };
}

const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;

describe("sandbox SCIM target on the Prisma store", () => {
  beforeEach(async () => {
    await prismaSandboxStore.reset();
  });

  it("creates, finds case-insensitively, refuses duplicates and deletes users", async () => {
    const created = await scim("POST", "/Users", {
      schemas: [USER_SCHEMA, ENTERPRISE],
      userName: "Olivia@Contoso.com",
      displayName: "Olivia",
      externalId: "olivia",
      active: "True",
      [ENTERPRISE]: { department: "Sales" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.Location).toBe(`${BASE}/Users/${created.body.id}`);
    expect(created.headers["Content-Type"]).toContain("application/scim+json");
    expect(created.body.active).toBe(true);

    const row = await prisma.sandboxUser.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.userNameKey).toBe("olivia@contoso.com");
    expect(row.externalId).toBe("olivia");
    expect(JSON.parse(row.resource).meta.location).toBeUndefined();

    const found = await scim("GET", `/Users?${q('userName eq "OLIVIA@contoso.COM"')}`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].meta.location).toBe(`${BASE}/Users/${created.body.id}`);
    expect((await scim("GET", `/Users?${q('externalId eq "olivia"')}`)).body.totalResults).toBe(1);
    expect((await scim("GET", `/Users?${q(`${ENTERPRISE}:department eq "SALES"`)}`)).body.totalResults).toBe(1);

    const dup = await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: "olivia@contoso.com" });
    expect(dup.status).toBe(409);
    expect(dup.body.scimType).toBe("uniqueness");

    const patched = await scim("PATCH", `/Users/${created.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Replace", path: "active", value: "False" },
        { op: "Add", value: { [`${ENTERPRISE}:department`]: "Finance" } },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false, [ENTERPRISE]: { department: "Finance" } });

    expect((await scim("DELETE", `/Users/${created.body.id}`)).status).toBe(204);
    expect((await scim("GET", `/Users/${created.body.id}`)).status).toBe(404);
    expect(await prisma.sandboxUser.count()).toBe(0);
  });

  it("pages in creation order and answers 401 to a wrong token", async () => {
    for (let i = 1; i <= 7; i++) {
      expect((await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: `p${i}@contoso.com` })).status).toBe(
        201,
      );
      await new Promise((r) => setTimeout(r, 2)); // distinct createdAt
    }
    const page = await scim("GET", "/Users?startIndex=3&count=2");
    expect(page.body).toMatchObject({ totalResults: 7, startIndex: 3, itemsPerPage: 2 });
    expect(page.body.Resources.map((r: Json) => r.userName)).toEqual(["p3@contoso.com", "p4@contoso.com"]);
    const denied = await scim("GET", "/Users", undefined, "not-the-token");
    expect(denied.status).toBe(401);
  });

  it("keeps group members in step: PATCH add/remove, and deleting a user drops it from groups", async () => {
    const u1 = (
      await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: "m1@contoso.com", displayName: "Member One" })
    ).body;
    const u2 = (await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: "m2@contoso.com" })).body;
    const g = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Sales Team",
      externalId: "g1",
      members: [{ value: u1.id }],
    });
    expect(g.status).toBe(201);
    expect(g.body.members).toEqual([
      { value: u1.id, type: "User", display: "Member One", $ref: `${BASE}/Users/${u1.id}` },
    ]);

    expect(
      (
        await scim("PATCH", `/Groups/${g.body.id}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: "Add", path: "members", value: [{ value: u2.id }] }],
        })
      ).status,
    ).toBe(204);
    expect((await prisma.sandboxGroup.findUniqueOrThrow({ where: { id: g.body.id } })).memberCount).toBe(2);
    expect(
      (
        await scim("PATCH", `/Groups/${g.body.id}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: "Remove", path: `members[value eq "${u1.id}"]` }],
        })
      ).status,
    ).toBe(204);
    let got = (await scim("GET", `/Groups/${g.body.id}`)).body;
    expect(got.members.map((m: Json) => m.value)).toEqual([u2.id]);
    expect((await scim("GET", `/Groups?${q('displayName eq "sales team"')}`)).body.totalResults).toBe(1);

    await scim("DELETE", `/Users/${u2.id}`);
    got = (await scim("GET", `/Groups/${g.body.id}`)).body;
    expect(got.members).toBeUndefined();
    expect((await prisma.sandboxGroup.findUniqueOrThrow({ where: { id: g.body.id } })).memberCount).toBe(0);

    const groups = await listSandboxGroups({ page: 1 });
    expect(groups.rows).toEqual([
      expect.objectContaining({ displayName: "Sales Team", externalId: "g1", memberCount: 0 }),
    ]);
  });

  it("lists users for the sandbox page, newest first with paging, and resets everything", async () => {
    await scim("POST", "/Users", {
      schemas: [USER_SCHEMA, ENTERPRISE],
      userName: "first@contoso.com",
      displayName: "First",
      externalId: "f",
      active: false,
      [ENTERPRISE]: { department: "Ops" },
    });
    await new Promise((r) => setTimeout(r, 2));
    await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: "second@contoso.com" });
    const page = await listSandboxUsers({ page: 1, pageSize: 1 });
    expect(page).toMatchObject({ total: 2, page: 1, pageCount: 2 });
    expect(page.rows[0].userName).toBe("second@contoso.com");
    const second = await listSandboxUsers({ page: "2", pageSize: 1 });
    expect(second.rows[0]).toMatchObject({
      userName: "first@contoso.com",
      displayName: "First",
      externalId: "f",
      active: false,
      department: "Ops",
    });
    expect((await listSandboxUsers({ page: "99", pageSize: 1 })).page).toBe(2);
    expect((await listSandboxUsers({ page: "junk" })).page).toBe(1);

    const result = await resetSandbox("admin");
    expect(result).toEqual({ users: 2, groups: 0 });
    expect(await prisma.sandboxUser.count()).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "sandbox.reset" } })).toBe(1);
  });
});

describe("sandbox token", () => {
  it("is created once, stored encrypted, and replaced by regenerate", async () => {
    const token = await getSandboxToken();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(await getSandboxToken()).toBe(token);
    const row = await prisma.setting.findUniqueOrThrow({ where: { key: SANDBOX_TOKEN_KEY } });
    expect(row.value).not.toContain(token);
    expect(row.value.startsWith("v1:")).toBe(true);

    await regenerateSandboxToken("admin");
    const next = await getSandboxToken();
    expect(next).not.toBe(token);
    expect(await prisma.auditEvent.count({ where: { action: "sandbox.token.regenerated" } })).toBe(1);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "sandbox.token.regenerated" } });
    expect(audit.details ?? "").not.toContain(next);
  });

  it("replaces a token that the current secret key cannot decrypt", async () => {
    await prisma.setting.upsert({
      where: { key: SANDBOX_TOKEN_KEY },
      create: { key: SANDBOX_TOKEN_KEY, value: "v1:AAAA:BBBB:CCCC" },
      update: { value: "v1:AAAA:BBBB:CCCC" },
    });
    const token = await getSandboxToken();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(await getSandboxToken()).toBe(token);
  });

  it("gives every concurrent first caller the same token", async () => {
    await prisma.setting.deleteMany({ where: { key: SANDBOX_TOKEN_KEY } });
    const tokens = await Promise.all(Array.from({ length: 5 }, () => getSandboxToken()));
    expect(new Set(tokens).size).toBe(1);
  });

  it("builds the Tenant URL from PROVISIO_BASE_URL", () => {
    expect(sandboxTenantUrl()).toMatch(/^https?:\/\/.+\/api\/sandbox\/scim\/v2$/);
  });
});
