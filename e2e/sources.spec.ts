import { expect, test } from "@playwright/test";
import { FIRST_LOAD, addZscalerTwo, clickUntilVisible, readSandboxToken, shot } from "./support";

// A SCIM push source end to end, as an admin: add the source, create a token (shown once), let an
// identity provider (this test, with fetch) push a user and a group, see them read-only in the directory
// with their source, assign them to an application pointed at the sandbox target, and watch a pushed change
// reach the target with no cycle started by hand.

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const SCIM = "application/scim+json";

test("an IdP pushes users to a source and its changes reach an assigned application", async ({ page, baseURL }) => {
  test.setTimeout(360_000);
  const sourceName = `Contoso Entra ID ${stamp}`;

  // Add the source.
  await page.goto("/sources", FIRST_LOAD);
  await expect(page.getByRole("heading", { name: "Sources", level: 1 })).toBeVisible();
  await shot(page, "sources-list");
  // A name is required; the form says so and keeps the admin in the field (keyboard only: Enter submits).
  const name = page.getByLabel("Name");
  await expect(page.getByRole("button", { name: "Add source" })).toBeEnabled(FIRST_LOAD);
  await name.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Enter a name, like Contoso Entra ID")).toBeVisible();
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await shot(page, "sources-add-error");
  await name.fill(sourceName);
  await page.keyboard.press("Enter");
  await expect(page.getByText("Source added.")).toBeVisible(FIRST_LOAD);
  const sourceUrl = new URL(page.url()).pathname;
  const tenantUrl = await page.getByLabel("Tenant URL").inputValue();
  expect(tenantUrl).toBe(`${baseURL}/scim/v2/${sourceUrl.split("/").pop()}`);
  await expect(page.getByText("Waiting for the first request", { exact: true })).toBeVisible();

  // Create a token: shown once.
  await expect(page.getByText("No tokens yet.")).toBeVisible();
  await shot(page, "source-new");
  await page.getByLabel("Token name").fill("Entra ID provisioning");
  await page.keyboard.press("Enter");
  const tokenField = page.getByLabel("New token");
  await expect(tokenField).toHaveValue(/^prv_\S{40,}$/, FIRST_LOAD);
  const token = await tokenField.inputValue();
  await expect(page.getByRole("table", { name: "Tokens" })).toContainText(token.slice(0, 10));
  await shot(page, "source-token-created");
  await page.reload();
  await expect(
    page.getByRole("table", { name: "Tokens" }).getByRole("row").filter({ hasText: "Entra ID provisioning" }),
  ).toContainText("Active");
  await expect(page.getByLabel("New token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);

  // The identity provider pushes a user and a group (Entra's requests).
  const push = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${tenantUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": SCIM },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const upn = `pushed.${stamp}@contoso.com`;
  const displayName = `Pushed User ${stamp}`;
  const user = await push("POST", "/Users", {
    schemas: [
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ],
    externalId: `ext-${stamp}`,
    userName: upn,
    active: true,
    displayName,
    name: { givenName: "Pushed", familyName: "User" },
    emails: [{ primary: true, type: "work", value: upn }],
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Retail" },
  });
  expect(user.status).toBe(201);
  const group = await push("POST", "/Groups", {
    schemas: [
      "urn:ietf:params:scim:schemas:core:2.0:Group",
      "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
    ],
    displayName: `Pushed Group ${stamp}`,
    externalId: `grp-${stamp}`,
  });
  expect(group.status).toBe(201);
  const members = await push("PATCH", `/Groups/${group.body.id}`, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: user.body.id }] }],
  });
  expect(members.status).toBe(204);

  // The source's page counts them and lists the requests.
  await page.reload();
  await expect(page.getByText("Active", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Recent activity" })).toContainText("201 Create");
  await expect(page.getByRole("table", { name: "Recent activity" })).toContainText("204 Members");
  await shot(page, "source-page");

  // In the directory: marked with the source, read-only.
  await page.goto(`/directory/users?q=${encodeURIComponent(upn)}`, FIRST_LOAD);
  const row = page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: upn });
  await expect(row.getByText(`From ${sourceName}`)).toBeVisible();
  await row.getByRole("link", { name: displayName }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(displayName, FIRST_LOAD);
  await expect(page.getByText(`Read-only: this user comes from ${sourceName}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Edit properties" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Disable|Delete/ })).toHaveCount(0);
  await expect(page.getByRole("definition").filter({ hasText: `ext-${stamp}` })).toBeVisible();
  await shot(page, "source-owned-user");
  await page.goto(`/directory/groups/${group.body.id}`, FIRST_LOAD);
  await expect(page.getByText(`Read-only: this group comes from ${sourceName}`)).toBeVisible();
  await expect(page.getByRole("table", { name: "Members" }).getByRole("link", { name: displayName })).toBeVisible();
  await expect(page.getByLabel("Add members")).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Remove ${displayName}` })).toHaveCount(0);

  // An application pointed at the sandbox, with the pushed group assigned, provisioning On.
  const appName = `Zscaler Two push ${stamp}`;
  const appId = await addZscalerTwo(page, appName);
  await page.goto(`/applications/${appId}/users-and-groups`, FIRST_LOAD);
  const search = page.getByRole("combobox", { name: "Search users and groups" });
  await clickUntilVisible(page.getByRole("button", { name: "Add user/group" }), search);
  await search.fill(`Pushed Group ${stamp}`);
  await page
    .getByRole("listbox", { name: "Users and groups" })
    .getByRole("option")
    .filter({ hasText: `Pushed Group ${stamp}` })
    .click();
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(`Assigned Pushed Group ${stamp} with the role User.`)).toBeVisible();

  const sandboxToken = await readSandboxToken(page);
  await page.goto(`/applications/${appId}/provisioning`, FIRST_LOAD);
  await page.getByLabel("Provisioning Mode").selectOption("Automatic");
  await page.getByLabel("Tenant URL").fill(`${baseURL}/api/sandbox/scim/v2`);
  await page.getByLabel("Secret Token").fill(sandboxToken);
  await page.getByRole("button", { name: "Test Connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toBeVisible(FIRST_LOAD);
  await page.getByRole("radiogroup", { name: "Provisioning Status" }).getByText("On", { exact: true }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("The provisioning configuration is saved.")).toBeVisible({ timeout: 30_000 });

  const sandboxRow = async (text: string) => {
    await page.goto(`/sandbox?q=${encodeURIComponent(upn)}`, FIRST_LOAD);
    return page.getByRole("table", { name: "Sandbox users" }).getByRole("row").filter({ hasText: text });
  };
  await expect(async () => {
    await expect(await sandboxRow(displayName)).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 120_000 });

  // Wait for the initial cycle to end; then a pushed change arrives by itself (the next run is ~40 minutes away).
  await expect(async () => {
    await page.goto(`/applications/${appId}/provisioning`, FIRST_LOAD);
    await expect(page.getByRole("heading", { name: /Last cycle/ })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 120_000 });
  const renamed = `Pushed Renamed ${stamp}`;
  const rename = await push("PATCH", `/Users/${user.body.id}`, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "Replace", path: "displayName", value: renamed }],
  });
  expect(rename.status).toBe(200);
  await expect(async () => {
    await expect(await sandboxRow(renamed)).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await shot(page, "source-change-at-sandbox");

  // The application's page says when the change came and how long it took to reach the target.
  await page.goto(`/applications/${appId}`, FIRST_LOAD);
  await expect(page.getByTestId("last-change-received")).toContainText("UTC");
  await expect(page.getByTestId("propagated-in")).toContainText(/\d+(\.\d)? s/);
  await shot(page, "source-propagation");

  // A second source cannot take the same name, in any letter case.
  await page.goto("/sources", FIRST_LOAD);
  await expect(page.getByRole("table", { name: "Sources" }).getByRole("link", { name: sourceName })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add source" })).toBeEnabled(FIRST_LOAD);
  await page.getByLabel("Name").fill(sourceName.toUpperCase());
  await page.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByText(`A source named ${sourceName.toUpperCase()} already exists.`)).toBeVisible();

  // Revoke the token, by keyboard: the identity provider's next request gets 401 and changes nothing.
  await page.goto(sourceUrl, FIRST_LOAD);
  const tokens = page.getByRole("table", { name: "Tokens" });
  await expect(tokens.getByRole("row").filter({ hasText: "Entra ID provisioning" })).not.toContainText("Never");
  const revoke = page.getByRole("button", { name: "Revoke Entra ID provisioning" });
  await expect(async () => {
    await revoke.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "Yes, revoke" })).toBeFocused({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await shot(page, "source-token-revoke-confirm");
  await page.keyboard.press("Enter");
  await expect(page.getByText("The token was revoked.")).toBeVisible();
  await expect(tokens.getByRole("row").filter({ hasText: "Entra ID provisioning" })).toContainText("Revoked");
  const refused = await push("PATCH", `/Users/${user.body.id}`, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "Replace", path: "displayName", value: "Not applied" }],
  });
  expect(refused.status).toBe(401);
  expect(refused.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
  await page.goto(`/directory/users/${user.body.id}`, FIRST_LOAD);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(renamed);
  await page.goto(sourceUrl, FIRST_LOAD);
  await shot(page, "source-token-revoked");
});
