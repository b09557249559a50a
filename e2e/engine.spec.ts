import { expect, test } from "@playwright/test";
import { FIRST_LOAD, readSandboxToken } from "./support";

// The provisioning engine end to end, as an admin: a new directory user assigned to a new Zscaler Two app,
// credentials for the built-in sandbox target, Provisioning Status On, save — the initial cycle runs in
// the background, the progress display shows it, and the user arrives at the sandbox target.
// Needs the engine's components on the Provisioning page (CycleProgress, see components/sync/).

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test("turning provisioning On provisions the assigned user to the sandbox and shows the cycle", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const displayName = `Engine E2E ${stamp}`;
  const upn = `engine.e2e.${stamp}@contoso.com`;

  // A new directory user.
  await page.goto("/directory/users/new", FIRST_LOAD);
  await page.getByLabel("Display name").fill(displayName);
  await page.getByLabel("User principal name").fill(upn);
  await page.getByLabel("Department").fill("Provisioning QA");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("User created.")).toBeVisible(FIRST_LOAD);

  // A new Zscaler Two application with that user assigned.
  await page.goto("/applications/gallery", FIRST_LOAD);
  await page.getByRole("button", { name: "Add Zscaler Two", exact: true }).click();
  await page.getByLabel("Name").fill(`Zscaler Two engine ${stamp}`);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/applications\/[0-9a-f-]{36}$/, FIRST_LOAD);
  const appTabs = page.getByRole("navigation", { name: "Application" });
  await appTabs.getByRole("link", { name: "Users and groups", exact: true }).click();
  await page.getByRole("button", { name: "Add user/group" }).click(FIRST_LOAD);
  const search = page.getByRole("combobox", { name: "Search users and groups" });
  await search.fill(displayName);
  const option = page
    .getByRole("listbox", { name: "Users and groups" })
    .getByRole("option")
    .filter({ hasText: displayName });
  await expect(option).toHaveCount(1);
  await option.click();
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(`Assigned ${displayName} with the role User.`)).toBeVisible();

  // Provisioning: Automatic, the sandbox's Tenant URL and token, Test Connection, On, Save.
  const token = await readSandboxToken(page);
  await appTabs.getByRole("link", { name: "Provisioning", exact: true }).click();
  await expect(page.getByLabel("Provisioning Mode")).toBeVisible(FIRST_LOAD);
  await page.getByLabel("Provisioning Mode").selectOption("Automatic");
  await page.getByLabel("Tenant URL").fill(`${baseURL}/api/sandbox/scim/v2`);
  await page.getByLabel("Secret Token").fill(token);
  // In dev mode the first request to the sandbox endpoint compiles it: warm it up so Test Connection's
  // own 10 s limit measures the target, not the compiler.
  const warm = await page.request.get(`${baseURL}/api/sandbox/scim/v2/Users?count=1`, {
    headers: { Authorization: `Bearer ${token}` },
    timeout: 120_000,
  });
  expect(warm.status()).toBe(200);
  await page.getByRole("button", { name: "Test Connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toBeVisible(FIRST_LOAD);
  const status = page.getByRole("radiogroup", { name: "Provisioning Status" });
  await status.getByText("On", { exact: true }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("The provisioning configuration is saved.")).toBeVisible({ timeout: 30_000 });
  const provisioningUrl = page.url();

  // The user is at the sandbox target with the mapped attributes.
  await page.goto("/sandbox", FIRST_LOAD);
  // Other specs provision to the same sandbox: search for this user, as an admin would.
  await page.getByLabel("Search sandbox users").fill(upn);
  await page.getByLabel("Search sandbox users").press("Enter");
  await expect(page).toHaveURL(/[?&]q=/);
  const row = page.getByRole("table", { name: "Sandbox users" }).getByRole("row").filter({ hasText: upn });
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
  await expect(row).toContainText(displayName);

  // Back on the Provisioning page, the progress display shows the finished initial cycle.
  await page.goto(provisioningUrl, FIRST_LOAD);
  const progress = page.locator("section").filter({ has: page.getByRole("heading", { name: "Current cycle status" }) });
  await expect(progress).toBeVisible(FIRST_LOAD);
  await expect(progress.getByRole("heading", { name: /Last cycle/ })).toBeVisible({ timeout: 120_000 });
  await expect(progress.getByRole("list", { name: "Counts in the last cycle" })).toContainText(/Created [1-9]/);
});
