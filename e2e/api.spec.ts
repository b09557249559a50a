import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { FIRST_LOAD, readSandboxToken } from "./support";

// The REST API (/api/v1) as a script uses it: API tokens made on the People page, then everything over HTTP
// with `Authorization: Bearer`, without the UI; the OpenAPI document walked route by route.

const dataDir = process.env.E2E_DATA_DIR ?? ".e2e-data";
const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const tokensSeen: string[] = [];

test.describe.configure({ mode: "serial" });

async function shot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/api-${name}.png`, fullPage: true });
}

/** Creates an API token on the People page as an Administrator would, and copies it from the screen. */
async function createTokenInUi(page: Page, name: string, role: "Reader" | "Administrator", expiry = "30 days") {
  await page.goto("/admin/users", FIRST_LOAD);
  await page.getByLabel("Token name").fill(name);
  await page.getByLabel("Token role").selectOption(role);
  await page.getByLabel("Expires after").selectOption({ label: expiry });
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText(`API token "${name}" created`)).toBeVisible();
  const token = await page.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^pvs_[A-Za-z0-9_-]{43}$/);
  tokensSeen.push(token);
  return token;
}

/** A client with no cookies: only the token says who calls. */
async function client(baseURL: string | undefined, token?: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL: `${baseURL}/api/v1/`,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: token ? { Authorization: `Bearer ${token}` } : {},
  });
}

let adminToken = "";
let readerToken = "";
let appId = "";

test("API tokens are created, shown once, used and revoked on the People page", async ({ page, baseURL }) => {
  const name = `ui-token-${tag}`;
  const token = await createTokenInUi(page, name, "Administrator", "7 days");
  await expect(page.getByText("it is shown only once")).toBeVisible();
  await shot(page, "token-created");

  const api = await client(baseURL, token);
  const res = await api.get("applications");
  expect(res.status()).toBe(200);
  expect(Array.isArray(await res.json())).toBe(true);

  // After a reload the token is gone from the page for good; its row shows the last use and the address.
  await page.reload();
  await expect(page.getByLabel("New API token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Active");
  await expect(row).toContainText("from ");
  await expect(row).not.toContainText("Never used");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await row.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(row).toContainText("Revoked");
  await shot(page, "token-revoked");
  const refused = await api.get("applications");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  expect(await refused.json()).toMatchObject({ status: 401, code: "auth.token_refused" });
  expect((await refused.json()).detail).toMatch(/revoked/);
  await api.dispose();
});

test("an expired token is refused", async ({ page, baseURL }) => {
  const name = `expiring-${tag}`;
  const token = await createTokenInUi(page, name, "Administrator", "7 days");
  // Seven days cannot pass in a test: the token's expiry is moved into the past in the app's database.
  process.env.DATABASE_URL = `file:${path.resolve(dataDir, "provisio.db")}`;
  // Required lazily, so DATABASE_URL is set before the Prisma client exists (as e2e/logs.spec.ts does).
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports
  const { prisma } = require("../lib/db/prisma") as typeof import("../lib/db/prisma");
  await prisma.apiToken.update({ where: { name }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const api = await client(baseURL, token);
  const res = await api.get("applications");
  expect(res.status()).toBe(401);
  expect((await res.json()).detail).toMatch(/expired/);
  await page.goto("/admin/users");
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Expired");
  await api.dispose();
});

test("provisions a Zscaler Two application to the sandbox without the UI", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  adminToken = await createTokenInUi(page, `pipeline-${tag}`, "Administrator");
  readerToken = await createTokenInUi(page, `report-${tag}`, "Reader");
  const sandboxToken = await readSandboxToken(page);
  const api = await client(baseURL, adminToken);
  const json = async (res: Awaited<ReturnType<APIRequestContext["get"]>>, status = 200): Promise<any> => {
    expect(res.status(), await res.text()).toBe(status);
    return res.json();
  };

  const templates = await json(await api.get("templates"));
  const zscaler = templates.find((t: { id: string }) => t.id === "zscaler-two");
  expect(zscaler).toMatchObject({ name: "Zscaler Two" });
  appId = (await json(await api.post("applications", { data: { templateId: "zscaler-two", name: `API ${tag}` } }), 201))
    .id;

  const users = await json(await api.get("directory/users?state=active&pageSize=5&page=7"));
  const user = users.items[0];
  expect(user.userPrincipalName).toContain("@");
  await json(
    await api.post(`applications/${appId}/assignments`, {
      data: { principalType: "User", principalId: user.id, appRole: zscaler.defaultAppRole },
    }),
    201,
  );
  const assignments = await json(await api.get(`applications/${appId}/assignments`));
  expect(assignments.map((a: { principalId: string }) => a.principalId)).toEqual([user.id]);

  const config = await json(
    await api.patch(`applications/${appId}/provisioning`, {
      data: { mode: "Automatic", tenantUrl: `${baseURL}/api/sandbox/scim/v2`, secretToken: sandboxToken },
    }),
  );
  expect(config).toMatchObject({ mode: "Automatic", hasSecretToken: true, enabled: false });
  expect(JSON.stringify(config)).not.toContain(sandboxToken);
  const test1 = await json(await api.post(`applications/${appId}/provisioning/test-connection`));
  expect(test1).toMatchObject({ ok: true, matchesSavedCredentials: true });
  expect((await json(await api.post(`applications/${appId}/provisioning/start`))).enabled).toBe(true);

  await expect(async () => {
    const progress = await json(await api.get(`applications/${appId}/provisioning/progress`));
    expect(progress.last?.status).toBe("Succeeded");
  }).toPass({ timeout: 120_000, intervals: [1000] });

  const logs = await json(
    await api.get(`provisioning-logs?app=${appId}&q=${encodeURIComponent(user.userPrincipalName)}`),
  );
  expect(logs.entries.length).toBeGreaterThan(0);
  const entry = logs.entries[0];
  expect(entry).toMatchObject({ applicationId: appId, identity: user.userPrincipalName, status: "Success" });
  const detail = await json(await api.get(`provisioning-logs/${entry.id}`));
  expect(detail.steps.map((s: { step: string }) => s.step)).toEqual(["Import", "Scope", "Match", "Action"]);
  const cycles = await json(await api.get(`applications/${appId}/cycles`));
  expect(cycles.cycles[0]).toMatchObject({ type: "Initial", status: "Succeeded" });

  // The user is at the target: asked of the sandbox over SCIM with its own token.
  const scim = await playwrightRequest.newContext({ storageState: { cookies: [], origins: [] } });
  const filter = encodeURIComponent(`userName eq "${user.userPrincipalName}"`);
  const found = await scim.get(`${baseURL}/api/sandbox/scim/v2/Users?filter=${filter}`, {
    headers: { Authorization: `Bearer ${sandboxToken}` },
  });
  expect((await found.json()).totalResults).toBe(1);
  await scim.dispose();

  // Every change is in the audit trail under the token's name.
  const audit = await json(await api.get(`applications/${appId}/audit`));
  const actions = audit.events.map((e: { action: string }) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining(["application.created", "assignment.added", "provisioning.status.updated"]),
  );
  for (const e of audit.events) expect(e.actor).toBe(`pipeline-${tag} (API token)`);
  await api.dispose();
});

test("a Reader token reads but every change it tries is refused", async ({ baseURL }) => {
  const api = await client(baseURL, readerToken);
  expect((await api.get(`applications/${appId}`)).status()).toBe(200);
  const attempts = [
    api.post("applications", { data: { templateId: "zscaler-two", name: "Nope" } }),
    api.patch(`applications/${appId}`, { data: { name: "Renamed by a Reader" } }),
    api.post(`applications/${appId}/provisioning/stop`),
    api.delete(`applications/${appId}`),
  ];
  for (const res of await Promise.all(attempts)) {
    expect(res.status()).toBe(403);
    expect(await res.json()).toMatchObject({ code: "auth.forbidden" });
  }
  const app = await (await api.get(`applications/${appId}`)).json();
  expect(app).toMatchObject({ name: `API ${tag}`, provisioningEnabled: true });
  await api.dispose();
});

test("no API token appears in the audit, the database or the server's log", async ({ page, baseURL }) => {
  expect(tokensSeen.length).toBeGreaterThanOrEqual(4);
  await page.goto(`/applications/${appId}/audit`, FIRST_LOAD);
  await expect(page.getByText(`pipeline-${tag} (API token)`).first()).toBeVisible();
  const auditHtml = await page.content();
  for (const file of ["provisio.db", "provisio.db-wal"]) {
    const full = path.join(dataDir, file);
    if (!fs.existsSync(full)) continue;
    const bytes = fs.readFileSync(full);
    for (const t of tokensSeen) expect(bytes.includes(Buffer.from(t)), `${file} holds an API token`).toBe(false);
  }
  const serverLog = path.join(os.tmpdir(), `provisio-e2e-server-${new URL(baseURL!).port}.log`);
  const logText = fs.existsSync(serverLog) ? fs.readFileSync(serverLog, "utf8") : "";
  for (const t of tokensSeen) {
    expect(auditHtml).not.toContain(t);
    expect(logText).not.toContain(t);
  }
});

test("a token's directory change is on the Audit log page under the token's name", async ({ page, baseURL }) => {
  const api = await client(baseURL, adminToken);
  const upn = `audit.${tag}@contoso.com`;
  const created = await api.post("directory/users", { data: { userPrincipalName: upn, displayName: `Audit ${tag}` } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  expect((await api.post(`directory/users/${id}/disable`)).status()).toBe(204);
  const trail = await (await api.get("audit?limit=5")).json();
  expect(trail.events.slice(0, 2).map((e: { actor: string; action: string }) => `${e.actor}: ${e.action}`)).toEqual([
    `pipeline-${tag} (API token): directory.user.disabled`,
    `pipeline-${tag} (API token): directory.user.created`,
  ]);
  await api.dispose();

  await page.goto("/", FIRST_LOAD);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const row = page.getByRole("table", { name: "Audit events" }).getByRole("row").filter({ hasText: upn }).first();
  await expect(row).toContainText(`pipeline-${tag} (API token)`);
  await expect(row).toContainText("Directory user");
});
