import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { FIRST_LOAD, readSandboxToken } from "./support";

// Entra's provisioning tutorial, every step, as an admin in the browser: add Zscaler Two from the gallery,
// assign a user, Automatic mode with the sandbox target's Tenant URL and Secret Token, Test Connection,
// notification email, mappings, scope, Provisioning Status On, Save. Then a second server process is
// started on the same data folder (a restart of the app) and every step's state is found there, and the
// assigned user arrives at the sandbox target.

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Starts the app again, as a separate process on the same data folder, and waits until it answers. */
async function startSecondServer(port: number): Promise<ChildProcess> {
  const root = path.resolve(__dirname, "..");
  const dev = process.env.E2E_DEV === "1";
  const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
  const child = spawn("npx", ["next", dev ? "dev" : "start", "-p", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      PROVISIO_DATA_DIR: process.env.E2E_DATA_DIR ?? ".e2e-data",
      // The same file as the first server, named outright (other specs set DATABASE_URL in this worker).
      DATABASE_URL: `file:${path.resolve(process.env.E2E_DATA_DIR ?? ".e2e-data", "provisio.db")}`,
      // A production build is shared; a dev server needs a build folder of its own.
      NEXT_DIST_DIR: dev ? `${distDir}-restart` : distDir,
      PROVISIO_BASE_URL: `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: "ignore",
    detached: true,
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      const r = await fetch(`http://localhost:${port}/api/health`);
      if (r.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("The second server did not start in 180 s");
    await new Promise((r) => setTimeout(r, 500));
  }
}

test("the whole tutorial, kept across a restart of the app, provisions the assigned user", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const displayName = `Tutorial User ${stamp}`;
  const upn = `tutorial.${stamp}@contoso.com`;
  const appName = `Zscaler Two tutorial ${stamp}`;

  // A directory user to assign.
  await page.goto("/directory/users/new", FIRST_LOAD);
  await page.getByLabel("Display name").fill(displayName);
  await page.getByLabel("User principal name").fill(upn);
  await page.getByLabel("Department").fill("Finance");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("User created.")).toBeVisible(FIRST_LOAD);

  // 1. Add the application from the gallery.
  await page.goto("/applications/gallery", FIRST_LOAD);
  await page.getByRole("button", { name: "Add Zscaler Two", exact: true }).click();
  await page.getByLabel("Name").fill(appName);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/applications\/[0-9a-f-]{36}$/, FIRST_LOAD);
  const appPath = new URL(page.url()).pathname;
  const appTabs = page.getByRole("navigation", { name: "Application" });

  // 2. Assign the user with the app role "User".
  await appTabs.getByRole("link", { name: "Users and groups", exact: true }).click();
  await page.getByRole("button", { name: "Add user/group" }).click(FIRST_LOAD);
  await page.getByRole("combobox", { name: "Search users and groups" }).fill(displayName);
  const option = page
    .getByRole("listbox", { name: "Users and groups" })
    .getByRole("option")
    .filter({ hasText: displayName });
  await expect(option).toHaveCount(1);
  await option.click();
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(`Assigned ${displayName} with the role User.`)).toBeVisible();

  // 3. Provisioning Mode Automatic, Admin Credentials of the sandbox target.
  const token = await readSandboxToken(page);
  const tenantUrl = `${baseURL}/api/sandbox/scim/v2`;
  await appTabs.getByRole("link", { name: "Provisioning", exact: true }).click();
  await expect(page.getByLabel("Provisioning Mode")).toBeVisible(FIRST_LOAD);
  await page.getByLabel("Provisioning Mode").selectOption("Automatic");
  await page.getByLabel("Tenant URL").fill(tenantUrl);
  await page.getByLabel("Secret Token").fill(token);
  const warm = await page.request.get(`${tenantUrl}/Users?count=1`, {
    headers: { Authorization: `Bearer ${token}` },
    timeout: 120_000,
  });
  expect(warm.status()).toBe(200);

  // 4. Test Connection against the real endpoint.
  await page.getByRole("button", { name: "Test Connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toBeVisible(FIRST_LOAD);

  // 5. Notification Email.
  await page.getByLabel("Notification Email").fill(`alerts.${stamp}@contoso.com`);
  await page.getByLabel("Send an email notification when a failure occurs").check();

  // 6. The attribute mappings are there to review, with userName matched on userPrincipalName.
  await expect(page.getByRole("heading", { name: "Mappings", exact: true })).toBeVisible();
  await expect(
    page.getByRole("table").first().getByRole("cell", { name: "userPrincipalName", exact: true }),
  ).toBeVisible();

  // 7. Scope: only assigned users and groups.
  await page.getByLabel("Scope", { exact: true }).selectOption({ label: "Sync only assigned users and groups" });
  await page.getByLabel("Accidental deletion threshold").fill("25");

  // 8. Provisioning Status On, Save.
  await page.getByRole("radiogroup", { name: "Provisioning Status" }).getByText("On", { exact: true }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("The provisioning configuration is saved.")).toBeVisible({ timeout: 30_000 });

  // A restart of the app: a new server process on the same data folder finds every step's state.
  const port = Number(new URL(baseURL!).port) + 50;
  const second = await startSecondServer(port);
  try {
    const other = `http://localhost:${port}`;
    await page.goto(`${other}${appPath}/provisioning`, FIRST_LOAD);
    await expect(page.getByLabel("Provisioning Mode")).toHaveValue("Automatic", FIRST_LOAD);
    await expect(page.getByLabel("Tenant URL")).toHaveValue(tenantUrl);
    await expect(page.getByText("Saved token ••••••••")).toBeVisible();
    expect(await page.content()).not.toContain(token);
    await expect(page.getByLabel("Notification Email")).toHaveValue(`alerts.${stamp}@contoso.com`);
    await expect(page.getByLabel("Send an email notification when a failure occurs")).toBeChecked();
    await expect(page.getByLabel("Scope", { exact: true })).toHaveValue("AssignedOnly");
    await expect(page.getByLabel("Accidental deletion threshold")).toHaveValue("25");
    await expect(
      page.getByRole("radiogroup", { name: "Provisioning Status" }).getByRole("radio", { name: "On" }),
    ).toBeChecked();

    await page.goto(`${other}${appPath}/users-and-groups`, FIRST_LOAD);
    await expect(page.getByRole("row").filter({ hasText: displayName })).toContainText("User");

    // The initial cycle provisioned the assigned user with the mapped attributes.
    await page.goto(`${other}/sandbox`, FIRST_LOAD);
    await page.getByLabel("Search sandbox users").fill(upn);
    await page.getByLabel("Search sandbox users").press("Enter");
    await expect(page).toHaveURL(/[?&]q=/);
    const row = page.getByRole("table", { name: "Sandbox users" }).getByRole("row").filter({ hasText: upn });
    await expect(async () => {
      await page.reload();
      await expect(row).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 180_000 });
    await expect(row).toContainText(displayName);
    await expect(row).toContainText("Finance");
  } finally {
    if (second.pid) process.kill(-second.pid, "SIGTERM");
  }
});
