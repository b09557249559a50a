import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { Validator } from "@seriousme/openapi-schema-validator";
import { FIRST_LOAD, readSandboxToken } from "./support";

// Walks /api/v1/openapi.json: the document validates as OpenAPI 3.1, and every operation in it answers as
// documented: its success status and schema for an Administrator token, a documented 401 problem without a
// token, and a documented 403 problem for a Reader token on every change.

const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

type Operation = {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  requestBody?: unknown;
};
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: unknown };

async function createToken(page: Page, name: string, role: "Reader" | "Administrator") {
  await page.goto("/admin/users", FIRST_LOAD);
  await page.getByLabel("Token name").fill(name);
  await page.getByLabel("Token role").selectOption(role);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText(`API token "${name}" created`)).toBeVisible();
  return page.getByLabel("New API token").inputValue();
}

async function client(baseURL: string | undefined, token?: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: token ? { Authorization: `Bearer ${token}` } : {},
  });
}

/** The walk: each operation with the request that should succeed, in an order that builds what later ones need. */
type Ctx = Record<string, string>;
type Step = {
  id: string;
  query?: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  keep?: (json: never, c: Ctx) => void;
  /** A documented problem this step answers instead of success, with its code (the state the walk is in). */
  problem?: { status: number; code: string };
  /** Waits for (or makes) the state the step needs, over the API, before the step's requests. */
  before?: (admin: APIRequestContext, c: Ctx) => Promise<void>;
};

/** Waits until the application has no cycle running (Run now is refused beside a running cycle). */
async function noCycleRunning(admin: APIRequestContext, c: Ctx) {
  await expect(async () => {
    const res = await admin.get(`/api/v1/applications/${c.appId}/provisioning/progress`);
    expect((await res.json()).current).toBeNull();
  }).toPass({ timeout: 120_000, intervals: [1000] });
}
const LDAP_SETTINGS = {
  preset: "OpenLdap",
  url: "ldap://127.0.0.1:9",
  startTls: false,
  bindDn: "cn=reader,dc=walk,dc=test",
  baseDn: "dc=walk,dc=test",
  userFilter: "(objectClass=inetOrgPerson)",
  groupFilter: "(objectClass=groupOfNames)",
  anchorAttribute: "entryUUID",
  membership: "memberDn",
  deltaAttribute: "modifyTimestamp",
  groupNameAttribute: "cn",
  userMap: [{ directory: "userPrincipalName", ldap: "mail" }],
};

/** The LDAP steps work on an LDAP source of their own; the SCIM push source waits for deleteSource. */
async function addLdapSource(admin: APIRequestContext, c: Ctx) {
  const res = await admin.post("/api/v1/sources", { data: { name: `Walk LDAP ${tag}`, kind: "Ldap" } });
  expect(res.status()).toBe(201);
  c.scimSourceId = c.sourceId!;
  c.sourceId = ((await res.json()) as { id: string }).id;
}

async function deleteLdapSource(admin: APIRequestContext, c: Ctx) {
  expect((await admin.delete(`/api/v1/sources/${c.sourceId}`)).status()).toBe(204);
  c.sourceId = c.scimSourceId!;
}

const WALK: Step[] = [
  { id: "listTemplates" },
  { id: "listApplications" },
  {
    id: "createApplication",
    body: () => ({ templateId: "zscaler-two", name: `Walk ${tag}` }),
    keep: (j: { id: string }, c) => void (c.appId = j.id),
  },
  { id: "getApplication" },
  { id: "renameApplication", body: () => ({ name: `Walk ${tag} renamed` }) },
  {
    id: "listDirectoryUsers",
    query: () => "?state=active&pageSize=2&page=9",
    keep: (j: { items: { id: string }[] }, c) => void (c.userId = j.items[0]!.id),
  },
  { id: "listDirectoryGroups", query: () => "?search=&pageSize=3" },
  {
    id: "createDirectoryUser",
    body: () => ({
      userPrincipalName: `walk.${tag}@contoso.com`,
      displayName: `Walk ${tag}`,
      mailNickname: `walk.${tag}`,
    }),
    keep: (j: { id: string }, c) => void (c.userId = j.id),
  },
  { id: "updateDirectoryUser", body: () => ({ jobTitle: "Walker" }) },
  { id: "getDirectoryUser", keep: (j: { jobTitle: string }) => expect(j.jobTitle).toBe("Walker") },
  {
    id: "createDirectoryGroup",
    body: () => ({ displayName: `Walk group ${tag}` }),
    keep: (j: { id: string }, c) => void (c.groupId = j.id),
  },
  { id: "updateDirectoryGroup", body: () => ({ description: "Made by the OpenAPI walk" }) },
  { id: "addDirectoryGroupMembers", body: (c) => ({ userIds: [c.userId] }) },
  { id: "getDirectoryGroup", keep: (j: { memberCount: number }) => expect(j.memberCount).toBe(1) },
  {
    id: "listDirectoryGroupMembers",
    query: () => "?limit=1",
    keep: (j: { members: { id: string }[] }, c) => expect(j.members.map((m) => m.id)).toEqual([c.userId]),
  },
  {
    id: "assignPrincipal",
    body: (c) => ({ principalType: "User", principalId: c.userId, appRole: "User" }),
    keep: (j: { id: string }, c) => void (c.assignmentId = j.id),
  },
  { id: "listAssignments" },
  { id: "changeAssignmentRole", body: () => ({ appRole: "User" }) },
  { id: "getProvisioning" },
  {
    id: "updateProvisioning",
    body: (c) => ({ mode: "Automatic", tenantUrl: c.tenantUrl, secretToken: c.sandboxToken }),
  },
  {
    id: "testConnection",
    body: () => ({}),
    // Start needs a passed test: say so here rather than at the start's 400.
    keep: (j: { ok: boolean; title: string; message: string }) => expect(j.ok, `${j.title}: ${j.message}`).toBe(true),
  },
  {
    id: "discoverTargetSchema",
    keep: (j: { found: number }) => expect(j.found).toBeGreaterThan(0),
  },
  {
    id: "getMappings",
    keep: (j: { mappings: { id: string }[]; targetAttributes: unknown[]; actions: unknown }, c) => {
      c.mappings = JSON.stringify(j.mappings.map(({ id: _id, ...m }) => m));
      c.targetAttributes = JSON.stringify(j.targetAttributes);
      c.actions = JSON.stringify(j.actions);
    },
  },
  { id: "saveTargetAttributes", body: (c) => ({ attributes: JSON.parse(c.targetAttributes!) }) },
  { id: "saveMappings", body: (c) => ({ mappings: JSON.parse(c.mappings!), actions: JSON.parse(c.actions!) }) },
  { id: "getScopingFilters" },
  { id: "saveScopingFilters", body: () => ({ filters: [] }) },
  { id: "previewScope" },
  { id: "previewDraftScope", body: () => ({ filters: [] }) },
  { id: "listScopeObjects", query: () => "?outcome=InScope&limit=5" },
  { id: "listDraftScopeObjects", body: () => ({ filters: [], outcome: "OutOfScope" }) },
  { id: "previewChanges", query: () => "?limit=10" },
  { id: "exportConfiguration", keep: (j: object, c) => void (c.document = JSON.stringify(j)) },
  { id: "applyConfiguration", body: (c) => ({ document: JSON.parse(c.document!), dryRun: true }) },
  { id: "applyConfigurationByName", body: (c) => ({ document: JSON.parse(c.document!), dryRun: true }) },
  { id: "provisionOnDemand", body: (c) => ({ objectType: "User", sourceId: c.userId }) },
  { id: "startProvisioning" },
  { id: "getProgress" },
  { id: "runNow", before: noCycleRunning },
  { id: "retryNow", problem: { status: 409, code: "retry.not_quarantined" } },
  { id: "allowDeletes", problem: { status: 409, code: "deletes.nothing_held" } },
  { id: "stopProvisioning" },
  { id: "restartProvisioning" },
  { id: "listCycles", query: () => "?limit=5" },
  { id: "reportDrift", query: () => "?limit=10" },
  { id: "listAuditEvents", query: () => "?limit=10" },
  {
    id: "listLogEntries",
    query: (c) => `?app=${c.appId}&range=24h&limit=5`,
    keep: (j: { entries: { id: number }[] }, c) => void (c.entryId = String(j.entries[0]!.id)),
  },
  { id: "getLogEntry" },
  { id: "removeAssignment" },
  { id: "removeDirectoryGroupMembers", body: (c) => ({ userIds: [c.userId] }) },
  { id: "disableDirectoryUser" },
  { id: "enableDirectoryUser" },
  { id: "deleteDirectoryUser" },
  { id: "restoreDirectoryUser" },
  { id: "permanentlyDeleteDirectoryUser", problem: { status: 409, code: "directory.not_deleted" } },
  { id: "deleteDirectoryGroup" },
  { id: "permanentlyDeleteDirectoryGroup" },
  { id: "restoreDirectoryGroup", problem: { status: 404, code: "directory.group_not_found" } },
  { id: "listSources" },
  {
    id: "createSource",
    body: () => ({ name: `Walk source ${tag}`, kind: "ScimPush" }),
    keep: (j: { id: string }, c) => void (c.sourceId = j.id),
  },
  { id: "updateSource", body: () => ({ name: `Walk source ${tag} renamed` }) },
  { id: "createSourceToken", body: () => ({ name: "walk" }), keep: (j: { id: string }, c) => void (c.tokenId = j.id) },
  {
    id: "getSource",
    keep: (j: { tokens: { id: string }[]; attributeMap: unknown }, c) => {
      expect(j.tokens[0]!.id).toBe(c.tokenId);
      c.attributeMap = JSON.stringify(j.attributeMap);
    },
  },
  { id: "saveSourceAttributeMap", body: (c) => JSON.parse(c.attributeMap!) },
  { id: "listSourceEvents", query: () => "?limit=5" },
  { id: "revokeSourceToken" },
  // An LDAP source for its own operations, on a loopback port nothing listens on: the test and the sync fail,
  // which is an answer (ok: false) and a failed run in the log.
  { id: "saveLdapSettings", before: addLdapSource, body: () => ({ settings: LDAP_SETTINGS, bindPassword: "walk" }) },
  {
    id: "testLdapConnection",
    body: () => ({ settings: LDAP_SETTINGS }),
    keep: (j: { ok: boolean; code: string }) => expect([j.ok, j.code]).toEqual([false, "refused"]),
  },
  { id: "runLdapSync", body: () => ({ full: true }) },
  { id: "listLdapSyncRuns", query: () => "?limit=5" },
  { id: "deleteSource", before: deleteLdapSource },
  { id: "listServiceAuditEvents", query: () => "?limit=10" },
  { id: "deleteApplication" },
];

test("the OpenAPI document validates, and every operation answers as documented", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const adminToken = await createToken(page, `walk-admin-${tag}`, "Administrator");
  const readerToken = await createToken(page, `walk-reader-${tag}`, "Reader");
  const ctx: Ctx = {
    tenantUrl: `${baseURL}/api/sandbox/scim/v2`,
    sandboxToken: await readSandboxToken(page),
    objectType: "User",
  };
  const [admin, reader, anonymous] = await Promise.all([
    client(baseURL, adminToken),
    client(baseURL, readerToken),
    client(baseURL),
  ]);

  expect((await anonymous.get("/api/v1/openapi.json")).status()).toBe(401);
  const doc = (await (await admin.get("/api/v1/openapi.json")).json()) as Doc;
  const validation = await new Validator().validate(doc as never);
  expect(validation.errors ?? [], JSON.stringify(validation.errors)).toEqual([]);
  expect(validation.valid).toBe(true);
  expect(doc.openapi).toBe("3.1.0");

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "openapi", components: doc.components });
  const conforms = (schema: unknown, value: unknown) => {
    const validate = ajv.compile(
      JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')),
    );
    return validate(value) ? null : JSON.stringify(validate.errors).slice(0, 1000);
  };

  const operations = Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => ({ path: p, method, op })),
  );
  expect(WALK.map((s) => s.id).sort()).toEqual(operations.map((o) => o.op.operationId).sort());

  /** Checks an answer against the operation's documented response for its status. */
  async function answersAsDocumented(op: Operation, res: Awaited<ReturnType<APIRequestContext["get"]>>) {
    const documented = op.responses[String(res.status())];
    expect(documented, `${op.operationId}: ${res.status()} is not documented: ${await res.text()}`).toBeTruthy();
    if (!documented!.content) return expect(await res.text()).toBe("");
    const [type, { schema }] = Object.entries(documented!.content)[0]!;
    expect(res.headers()["content-type"]).toContain(type);
    const problem = conforms(schema, await res.json());
    expect(problem, `${op.operationId} ${res.status()} does not match its schema`).toBeNull();
  }

  for (const step of WALK) {
    const { path: template, method, op } = operations.find((o) => o.op.operationId === step.id)!;
    await step.before?.(admin, ctx);
    const url =
      "/api/v1" +
      template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ctx[name]!)) +
      (step.query?.(ctx) ?? "");
    const send = (c: APIRequestContext) => c.fetch(url, { method, ...(step.body ? { data: step.body(ctx) } : {}) });

    const unauthenticated = await send(anonymous);
    expect(unauthenticated.status(), step.id).toBe(401);
    await answersAsDocumented(op, unauthenticated);
    if (method !== "get") {
      const refused = await send(reader);
      expect(refused.status(), step.id).toBe(403);
      await answersAsDocumented(op, refused);
    }

    if (step.id === "listLogEntries") {
      // The initial cycle started by startProvisioning writes the entries this step reads.
      await expect(async () => {
        const res = await admin.get(url);
        expect((await res.json()).entries.length).toBeGreaterThan(0);
      }).toPass({ timeout: 120_000, intervals: [1000] });
    }
    const res = await send(admin);
    const success = Object.keys(op.responses).find((s) => s.startsWith("2"));
    expect(String(res.status()), `${step.id}: ${await res.text()}`).toBe(
      step.problem ? String(step.problem.status) : success,
    );
    await answersAsDocumented(op, res);
    if (step.problem) expect((await res.json()).code).toBe(step.problem.code);
    if (step.keep) step.keep((await res.json()) as never, ctx);
  }
  await Promise.all([admin.dispose(), reader.dispose(), anonymous.dispose()]);
});

test("the reference page shows the operations and error codes from the document", async ({ page }) => {
  await page.goto("/api-reference", FIRST_LOAD);
  await expect(page.getByRole("heading", { name: "REST API reference" })).toBeVisible();
  const create = page.locator("#createApplication");
  await expect(create).toContainText("/api/v1/applications");
  await expect(create).toContainText("Add an application from a gallery template");
  await expect(create).toContainText("templateId");
  await expect(page.locator("#updateProvisioning")).toContainText("secretToken");
  await expect(page.locator("#error-application\\.not_found")).toBeVisible();
  await page.getByRole("link", { name: "Provisioning", exact: true }).click();
  await expect(page).toHaveURL(/#tag-Provisioning$/);
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/api-reference.png`, fullPage: false });
});
