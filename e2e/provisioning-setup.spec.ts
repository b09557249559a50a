import { expect, test, type Page } from "@playwright/test";
import { FIRST_LOAD, addZscalerTwo, readSandboxToken } from "./support";

// The tutorial's Provisioning tab, walked as an admin: Automatic mode, Admin Credentials against the
// built-in sandbox SCIM target (a wrong token fails with 401, the right one passes), notification email,
// settings, bad input refused inline with nothing saved, status On, save, reload, everything kept.

function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Screenshots for reviewing the page by eye: only when E2E_SCREENSHOTS names a folder. */
async function shot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/prov-${name}.png`, fullPage: true });
}

async function openProvisioning(page: Page) {
  await page
    .getByRole("navigation", { name: "Application" })
    .getByRole("link", { name: "Provisioning", exact: true })
    .click();
  await expect(page).toHaveURL(/\/provisioning$/, FIRST_LOAD);
  await expect(page.getByLabel("Provisioning Mode")).toBeVisible(FIRST_LOAD);
}

function statusRadios(page: Page) {
  return page.getByRole("radiogroup", { name: "Provisioning Status" });
}

async function setStatus(page: Page, value: "On" | "Off") {
  await statusRadios(page).getByText(value, { exact: true }).click();
  await expect(statusRadios(page).getByRole("radio", { name: value })).toBeChecked();
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
}

test("provisioning setup: credentials tested against the sandbox, bad input saves nothing, status On survives a reload", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const tenantUrl = `${baseURL}/api/sandbox/scim/v2`;
  const appId = await addZscalerTwo(page, unique("Zscaler Two prov"));
  await openProvisioning(page);

  const checklist = page.getByRole("region", { name: "Setup checklist" });
  await expect(
    checklist.getByRole("listitem").filter({ hasText: "Admin credentials saved and tested" }),
  ).toHaveAttribute("data-state", "missing");
  await expect(checklist.getByRole("link", { name: "Go to Users and groups" })).toHaveAttribute(
    "href",
    `/applications/${appId}/users-and-groups`,
  );
  await shot(page, "1-manual");

  // Automatic reveals the rest of the page, in the tutorial's order.
  await page.getByLabel("Provisioning Mode").selectOption("Automatic");
  for (const heading of ["Admin Credentials", "Notification Email", "Mappings", "Settings", "Provisioning Status"]) {
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  }
  await expect(
    page.getByRole("table").first().getByRole("cell", { name: "userPrincipalName", exact: true }),
  ).toBeVisible();

  // Tenant URLs that are not http(s), or have spaces, are refused inline, by Test Connection and by Save.
  await page.getByLabel("Secret Token").fill("wrong-token-123");
  for (const bad of ["ftp://x", "http://exa mple.com"]) {
    await page.getByLabel("Tenant URL").fill(bad);
    await page.getByRole("button", { name: "Test Connection" }).click();
    await expect(page.getByLabel("Tenant URL")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#tenantUrl-error")).toContainText(/https?:\/\/|spaces/);
    await save(page);
    await expect(page.getByRole("alert").filter({ hasText: "Nothing was saved" })).toBeVisible();
    await expect(page.locator("#tenantUrl-error")).toBeVisible();
  }
  await shot(page, "2-bad-url");

  // The sandbox's URL with a wrong token: Test Connection fails and says 401.
  await page.getByLabel("Tenant URL").fill(tenantUrl);
  await page.getByRole("button", { name: "Test Connection" }).click();
  const failure = page.getByRole("alert").filter({ hasText: "Test Connection failed" });
  await expect(failure).toContainText("401", FIRST_LOAD);
  await expect(failure).toContainText("Unauthorized");
  await shot(page, "3-wrong-token");

  // Turning On before the credentials pass is refused, with the reason, and nothing is saved.
  await setStatus(page, "On");
  await save(page);
  await expect(page.locator("#enabled-error")).toContainText("Test Connection");
  await shot(page, "4-on-refused");
  await page.reload();
  await expect(page.getByLabel("Provisioning Mode")).toHaveValue("Manual", FIRST_LOAD);

  // The right token, read from the sandbox page.
  const token = await readSandboxToken(page);
  const enterCredentials = async () => {
    await page.getByLabel("Provisioning Mode").selectOption("Automatic");
    await page.getByLabel("Tenant URL").fill(tenantUrl);
    await page.getByLabel("Secret Token").fill(token);
    await page.getByRole("button", { name: "Test Connection" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toBeVisible(FIRST_LOAD);
  };
  await enterCredentials();
  await shot(page, "5-test-passed");

  // Notification email and scope, then a bad threshold and a bad email: inline errors, nothing saved.
  await page.getByLabel("Notification Email").fill("provisioning-alerts@contoso.com");
  await page.getByLabel("Send an email notification when a failure occurs").check();
  await page.getByLabel("Scope", { exact: true }).selectOption({ label: "Sync all users and groups" });
  await page.getByLabel("Accidental deletion threshold").fill("many");
  await save(page);
  await expect(page.locator("#deletionThreshold-error")).toHaveText("Enter a whole number, 1 or more");
  await expect(page.getByLabel("Accidental deletion threshold")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Accidental deletion threshold").fill("40");
  await page.getByLabel("Notification Email").fill("not-an-email");
  await save(page);
  await expect(page.locator("#notificationEmail-error")).toContainText("valid email address");
  await expect(page.locator("#deletionThreshold-error")).toHaveCount(0);
  await shot(page, "6-bad-email");
  await page.reload();
  await expect(page.getByLabel("Provisioning Mode")).toHaveValue("Manual", FIRST_LOAD);
  await expect(page.getByLabel("Tenant URL")).toHaveCount(0);

  // Enter it all again, valid this time, and save with status Off.
  await enterCredentials();
  await page.getByLabel("Notification Email").fill("provisioning-alerts@contoso.com");
  await page.getByLabel("Send an email notification when a failure occurs").check();
  await page.getByLabel("Scope", { exact: true }).selectOption({ label: "Sync all users and groups" });
  await page.getByLabel("Accidental deletion threshold").fill("40");
  await page.getByLabel("Skip out-of-scope deletions").check();
  await save(page);
  await expect(page.getByRole("status").filter({ hasText: "The provisioning configuration is saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Provisioning Mode")).toHaveValue("Automatic", FIRST_LOAD);
  await expect(page.getByLabel("Provisioning Mode").locator("option")).toHaveText(["Automatic"]); // Manual is no longer offered
  await expect(page.getByLabel("Scope", { exact: true })).toHaveValue("All");
  await expect(page.getByLabel("Accidental deletion threshold")).toHaveValue("40");
  await expect(page.getByLabel("Skip out-of-scope deletions")).toBeChecked();

  // Back to assigned users only (this spec assigns nobody, so the engine has nothing to send), status On.
  await page.getByLabel("Scope", { exact: true }).selectOption({ label: "Sync only assigned users and groups" });
  await setStatus(page, "On");
  await save(page);
  await expect(page.getByRole("status").filter({ hasText: "The provisioning configuration is saved." })).toBeVisible();
  await page.reload();

  // Everything kept; the token shown masked, never its value.
  await expect(page.getByLabel("Provisioning Mode")).toHaveValue("Automatic", FIRST_LOAD);
  await expect(page.getByLabel("Tenant URL")).toHaveValue(tenantUrl);
  await expect(page.getByText(/^Saved token/)).toBeVisible();
  await expect(page.getByLabel("Secret Token")).toHaveCount(0);
  await expect(page.getByLabel("Notification Email")).toHaveValue("provisioning-alerts@contoso.com");
  await expect(page.getByLabel("Send an email notification when a failure occurs")).toBeChecked();
  await expect(page.getByLabel("Scope", { exact: true })).toHaveValue("AssignedOnly");
  await expect(page.getByLabel("Accidental deletion threshold")).toHaveValue("40");
  await expect(page.getByLabel("Skip out-of-scope deletions")).toBeChecked();
  await expect(statusRadios(page).getByRole("radio", { name: "On" })).toBeChecked();
  await expect(page.getByText(/saved credentials passed Test Connection/)).toBeVisible();
  await expect(
    checklist.getByRole("listitem").filter({ hasText: "Admin credentials saved and tested" }),
  ).toHaveAttribute("data-state", "done");
  await expect(checklist.getByRole("listitem").filter({ hasText: "Provisioning Status On" })).toHaveAttribute(
    "data-state",
    "done",
  );
  expect(await page.content()).not.toContain(token);
  await shot(page, "7-saved-on");

  // "Replace" offers a new token field; discarding brings the masked token back.
  await page.getByRole("button", { name: "Replace" }).click();
  await expect(page.getByLabel("Secret Token")).toHaveValue("");
  await page.getByRole("button", { name: "Keep saved token" }).click();
  await expect(page.getByText(/^Saved token/)).toBeVisible();
});

test("a saved Secret Token is never sent to a new host: the admin is asked for it again", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const tenantUrl = `${baseURL}/api/sandbox/scim/v2`;
  // The same sandbox under another host name: another origin, so the saved token must not go there.
  const newHostUrl = tenantUrl.replace("//localhost:", "//127.0.0.1:");
  expect(newHostUrl).not.toBe(tenantUrl);
  await addZscalerTwo(page, unique("Zscaler Two new host"));
  await openProvisioning(page);
  const token = await readSandboxToken(page);
  await page.getByLabel("Provisioning Mode").selectOption("Automatic");
  await page.getByLabel("Tenant URL").fill(tenantUrl);
  await page.getByLabel("Secret Token").fill(token);
  await page.getByRole("button", { name: "Test Connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toBeVisible(FIRST_LOAD);
  await save(page);
  await expect(page.getByRole("status").filter({ hasText: "The provisioning configuration is saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByText(/^Saved token/)).toBeVisible(FIRST_LOAD);

  // Another host with the token field left blank: the page says so at once...
  await page.getByLabel("Tenant URL").fill(newHostUrl);
  const note = page.locator("#secretToken-error");
  await expect(note).toContainText("Enter the Secret Token again for the new host.");
  await expect(note).toContainText(`The saved token is for ${new URL(tenantUrl).origin} only.`);
  // ...Test Connection refuses to send the saved token...
  await page.getByRole("button", { name: "Test Connection" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Test Connection could not run" })).toContainText(
    "Enter the Secret Token again for the new host.",
  );
  await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toHaveCount(0);
  // ...and so does Save, which keeps the old URL.
  await save(page);
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was saved" })).toContainText(
    "Enter the Secret Token again for the new host.",
  );
  await shot(page, "8-new-host-refused");
  await page.reload();
  await expect(page.getByLabel("Tenant URL")).toHaveValue(tenantUrl, FIRST_LOAD);

  // Typing the token in for the new host works.
  await page.getByLabel("Tenant URL").fill(newHostUrl);
  await page.getByRole("button", { name: "Replace" }).click();
  await expect(note).toHaveCount(0);
  await page.getByLabel("Secret Token").fill(token);
  await page.getByRole("button", { name: "Test Connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toBeVisible(FIRST_LOAD);
  await save(page);
  await expect(page.getByRole("status").filter({ hasText: "The provisioning configuration is saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Tenant URL")).toHaveValue(newHostUrl, FIRST_LOAD);
  await expect(page.locator("#secretToken-error")).toHaveCount(0);
});
