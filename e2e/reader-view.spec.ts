import { expect, test, type Page } from "@playwright/test";
import { FIRST_LOAD, addZscalerTwo, clickUntilVisible, readSandboxToken, shot, signInAsNewReader } from "./support";

// A Reader sees the same pages as an Administrator, read-only: values shown, no control that changes
// anything enabled, a "Read-only access" indicator, and no page that sends a request the server refuses.
// The Administrator (this suite's storageState) sets up what there is to see first.

test.describe.configure({ mode: "serial" });

const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

/** Names of enabled buttons that would change something. Search, paging, filters, Copy, View, Close stay. */
const CHANGE_BUTTON =
  /^(save|add|delete|remove|test connection|start|restart|import|assign|create|rename|replace|discard|restore|provision|send|regenerate|reset|allow|change|new|disable|enable|edit|discover|ok|keep saved token|permanently)\b/i;
/** Link buttons that lead to a change form. */
const CHANGE_LINK = /^(new user|new group|new application|bulk import|browse the gallery)$/i;

async function enabledChangeControls(page: Page): Promise<string[]> {
  const main = page.locator("main");
  const names = await main
    .locator("button:enabled")
    .evaluateAll((buttons) =>
      buttons
        .filter((b) => (b as HTMLElement).offsetParent !== null || b.closest("dialog[open]"))
        .map((b) => (b.getAttribute("aria-label") ?? b.textContent ?? "").trim()),
    );
  const links = await main
    .locator("a")
    .evaluateAll((as) => as.map((a) => (a.getAttribute("aria-label") ?? a.textContent ?? "").trim()));
  return [...names.filter((n) => CHANGE_BUTTON.test(n)), ...links.filter((n) => CHANGE_LINK.test(n))];
}

async function expectReadOnly(page: Page, what: string) {
  await expect(page.getByTestId("read-only-banner"), `${what}: the read-only indicator`).toBeVisible();
  await expect(page.getByTestId("read-only-banner")).toContainText("Read-only access");
  // Client components render after hydration; give them a moment, then there must be no change control.
  await expect.poll(() => enabledChangeControls(page), { message: `${what}: enabled change controls` }).toEqual([]);
}

test("a Reader sees every page read-only, with the values and a read-only indicator", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(420_000);

  // --- The Administrator prepares: a directory user and group, an application with credentials, an
  // assignment and a scoping filter.
  const nick = `reader.view.${tag}`;
  const displayName = `Reader View ${tag}`;
  await page.goto("/directory/users/new", FIRST_LOAD);
  await page.getByLabel("Display name").fill(displayName);
  await page.getByLabel("User principal name").fill(`${nick}@contoso.com`);
  await page.getByLabel("Mail nickname").fill(nick);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(displayName, FIRST_LOAD);
  const userUrl = new URL(page.url()).pathname;

  const groupName = `Reader Group ${tag}`;
  await page.goto("/directory/groups/new", FIRST_LOAD);
  await page.getByLabel("Group name").fill(groupName);
  await page.getByLabel("Mail nickname").fill(`reader-group-${tag}`);
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(groupName, FIRST_LOAD);
  await page.getByLabel("Add members").fill(tag);
  await page
    .getByRole("list", { name: "Users to add" })
    .getByRole("button", { name: `Add ${displayName}` })
    .click();
  await expect(page.getByText(`${displayName} was added to ${groupName}.`)).toBeVisible();
  const groupUrl = new URL(page.url()).pathname;

  const appName = `Zscaler Two reader ${tag}`;
  const appId = await addZscalerTwo(page, appName);
  await page.goto(`/applications/${appId}/users-and-groups`, FIRST_LOAD);
  const search = page.getByRole("combobox", { name: "Search users and groups" });
  await clickUntilVisible(page.getByRole("button", { name: "Add user/group" }), search);
  await search.fill(nick);
  await page
    .getByRole("listbox", { name: "Users and groups" })
    .getByRole("option")
    .filter({ hasText: displayName })
    .click();
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(`Assigned ${displayName} with the role User.`)).toBeVisible();

  const tenantUrl = `${baseURL}/api/sandbox/scim/v2`;
  const token = await readSandboxToken(page);
  await page.goto(`/applications/${appId}/provisioning`, FIRST_LOAD);
  await page.getByLabel("Provisioning Mode").selectOption("Automatic");
  await page.getByLabel("Tenant URL").fill(tenantUrl);
  await page.getByLabel("Secret Token").fill(token);
  await page.getByLabel("Notification Email").fill(`alerts-${tag}@contoso.com`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("The provisioning configuration is saved.")).toBeVisible({ timeout: 30_000 });

  await page.goto(`/applications/${appId}/provisioning/scoping/User`, FIRST_LOAD);
  await clickUntilVisible(
    page.getByRole("button", { name: "Add scoping filter" }),
    page.getByLabel("Attribute, clause 1 of filter 1"),
  );
  await page.getByLabel("Attribute, clause 1 of filter 1").selectOption("department");
  await page.getByLabel("Value, clause 1 of filter 1").fill(`Sales-${tag}`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Scoping filters saved." })).toBeVisible();

  // The Administrator has no read-only indicator and keeps every control.
  await page.goto(`/applications/${appId}/provisioning`, FIRST_LOAD);
  await expect(page.getByRole("button", { name: "Test Connection" })).toBeEnabled();
  await expect(page.getByTestId("read-only-banner")).toHaveCount(0);
  // The check used on the Reader's pages finds the Administrator's controls (so an empty list means something).
  await expect
    .poll(() => enabledChangeControls(page))
    .toEqual(expect.arrayContaining(["Replace", "Test Connection", "Send test email", "Restart provisioning"]));

  // --- The Reader signs in in a fresh browser context.
  const { context, page: reader } = await signInAsNewReader(page, browser, baseURL, `reader-view-${tag}`);
  const refused: string[] = [];
  reader.on("response", (r) => {
    if (r.status() === 403) refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`);
  });

  try {
    // Overview and the application list.
    await reader.goto("/", FIRST_LOAD);
    await expect(reader.getByLabel("Signed-in user")).toContainText("Reader");
    await expectReadOnly(reader, "overview");

    await reader.goto("/applications", FIRST_LOAD);
    await expect(
      reader.getByRole("table", { name: "Enterprise applications" }).getByRole("link", { name: appName }),
    ).toBeVisible();
    await expectReadOnly(reader, "applications");

    await reader.goto("/applications/gallery", FIRST_LOAD);
    await expect(reader.getByRole("heading", { name: "Zscaler Two", exact: true })).toBeVisible();
    await expect(reader.getByRole("button", { name: "Add Zscaler Two" })).toHaveCount(0);
    await expectReadOnly(reader, "gallery");

    // The application's tabs.
    const base = `/applications/${appId}`;
    await reader.goto(base, FIRST_LOAD);
    await expect(reader.getByRole("heading", { level: 1 })).toHaveText(appName);
    await expect(reader.getByText("1 user and 0 groups assigned.")).toBeVisible();
    await expect(reader.getByRole("button", { name: "Delete application" })).toHaveCount(0);
    await expectReadOnly(reader, "application overview");
    await shot(reader, "reader-app-overview");

    await reader.goto(`${base}/users-and-groups`, FIRST_LOAD);
    const assigned = reader.getByRole("table", { name: "Assigned users and groups" });
    await expect(assigned.getByRole("row").filter({ hasText: displayName })).toContainText("User");
    await expectReadOnly(reader, "users and groups");
    await shot(reader, "reader-assignments");

    await reader.goto(`${base}/provisioning`, FIRST_LOAD);
    await expect(reader.getByLabel("Provisioning Mode")).toHaveValue("Automatic", FIRST_LOAD);
    await expect(reader.getByLabel("Provisioning Mode")).toBeDisabled();
    await expect(reader.getByLabel("Tenant URL")).toHaveValue(tenantUrl);
    await expect(reader.getByLabel("Tenant URL")).toBeDisabled();
    await expect(reader.getByLabel("Notification Email")).toHaveValue(`alerts-${tag}@contoso.com`);
    await expect(reader.getByLabel("Notification Email")).toBeDisabled();
    await expect(reader.getByLabel("Scope", { exact: true })).toBeDisabled();
    // The token is never in the page, only that one is saved.
    await expect(reader.getByText("Saved token ••••••••")).toBeVisible();
    expect(await reader.content()).not.toContain(token);
    await expect(
      reader.getByRole("radiogroup", { name: "Provisioning Status" }).getByRole("radio", { name: "Off" }),
    ).toBeDisabled();
    await expect(reader.getByRole("link", { name: "View user mappings" })).toBeVisible();
    await expect(reader.getByRole("link", { name: "What will change" })).toBeVisible();
    await expect(reader.getByRole("heading", { name: "Provision on demand" })).toHaveCount(0);
    await expect(reader.getByRole("heading", { name: "Current cycle status" })).toBeVisible();
    await expectReadOnly(reader, "provisioning");
    await shot(reader, "reader-provisioning");

    // The mapping editor: each mapping opens in a details view.
    await reader.getByRole("link", { name: "View user mappings" }).click();
    await expect(reader.getByRole("heading", { name: "Attribute Mapping: Provision directory users" })).toBeVisible(
      FIRST_LOAD,
    );
    const userNameRow = reader
      .getByRole("table")
      .getByRole("row")
      .filter({ has: reader.getByRole("cell", { name: "userName", exact: true }) });
    await expect(userNameRow.getByRole("cell", { name: "userPrincipalName", exact: true })).toBeVisible();
    await expect(reader.getByRole("checkbox", { name: "Create" })).toBeChecked();
    await expect(reader.getByRole("checkbox", { name: "Create" })).toBeDisabled();
    // What will change is read-only (a GET): a Reader computes it too. The scoping filter set above leaves
    // the assigned user out of scope.
    await reader.getByRole("button", { name: "Preview the next cycle" }).click();
    await expect(reader.getByTestId("what-will-change")).toContainText("an initial cycle", FIRST_LOAD);
    await expect(reader.getByTestId("what-will-change").getByText("1 skipped")).toBeVisible();
    await expect(reader.getByTestId("what-will-change").getByText("0 to create")).toBeVisible();
    await expectReadOnly(reader, "mapping editor");
    await shot(reader, "reader-mappings");
    const details = reader.getByRole("dialog", { name: "Attribute mapping details" });
    await clickUntilVisible(reader.getByRole("button", { name: "View mapping for userName" }), details);
    await expect(details.getByLabel("Mapping type")).toHaveValue("Direct");
    await expect(details.getByLabel("Mapping type")).toBeDisabled();
    await expect(details.getByLabel("Source attribute")).toHaveValue("userPrincipalName");
    await expect(details.getByLabel("Target attribute")).toHaveValue("userName");
    await expect(details.getByLabel("Matching precedence")).toHaveValue("1");
    await expect(details.getByRole("button", { name: "OK" })).toHaveCount(0);
    await expect(details.getByText("Test expression")).toHaveCount(0);
    await expectReadOnly(reader, "mapping details");
    await shot(reader, "reader-mapping-details");
    await details.getByRole("button", { name: "Close" }).first().click();
    await expect(details).toHaveCount(0);

    // Scoping filters: the saved filter's values, disabled, and the count of the saved filters (a GET):
    // the one assigned user is not in department Sales-<tag>.
    await reader.goto(`${base}/provisioning/scoping/User`, FIRST_LOAD);
    await expect(reader.getByLabel("Attribute, clause 1 of filter 1")).toHaveValue("department", FIRST_LOAD);
    await expect(reader.getByLabel("Value, clause 1 of filter 1")).toHaveValue(`Sales-${tag}`);
    await expect(reader.getByLabel("Value, clause 1 of filter 1")).toBeDisabled();
    await expect(reader.getByTestId("scope-preview")).toContainText("0 of 1 users in scope", FIRST_LOAD);
    await expectReadOnly(reader, "scoping");
    await shot(reader, "reader-scoping");

    await reader.goto(`${base}/provisioning/preview`, FIRST_LOAD);
    await expect(reader.getByTestId("what-will-change")).toContainText("an initial cycle", FIRST_LOAD);
    await expect(reader.getByTestId("what-will-change").getByText("1 skipped")).toBeVisible();
    await expectReadOnly(reader, "preview");

    for (const tab of ["logs", "cycles", "audit"]) {
      await reader.goto(`${base}/${tab}`, FIRST_LOAD);
      await expect(
        reader.getByRole("navigation", { name: "Application" }).getByRole("link", { name: "Overview" }),
      ).toBeVisible();
      await expectReadOnly(reader, `application ${tab}`);
    }

    // The source directory.
    await reader.goto(`/directory/users?q=${encodeURIComponent(nick)}`, FIRST_LOAD);
    await expect(reader.getByRole("table", { name: "Users" }).getByRole("link", { name: displayName })).toBeVisible();
    await expectReadOnly(reader, "directory users");
    await reader.goto(userUrl, FIRST_LOAD);
    await expect(
      reader
        .getByRole("definition")
        .filter({ hasText: `${nick}@contoso.com` })
        .first(),
    ).toBeVisible();
    await expect(
      reader.getByRole("table", { name: "Group memberships" }).getByRole("link", { name: groupName }),
    ).toBeVisible();
    await expect(reader.getByRole("form", { name: "Edit properties" })).toHaveCount(0);
    await expectReadOnly(reader, "directory user");
    await reader.goto(`/directory/groups?q=${encodeURIComponent(tag)}`, FIRST_LOAD);
    await expect(reader.getByRole("table", { name: "Groups" }).getByRole("link", { name: groupName })).toBeVisible();
    await expectReadOnly(reader, "directory groups");
    await reader.goto(groupUrl, FIRST_LOAD);
    await expect(reader.getByRole("table", { name: "Members" }).getByRole("link", { name: displayName })).toBeVisible();
    await expect(reader.getByLabel("Add members")).toHaveCount(0);
    await expectReadOnly(reader, "directory group");
    await shot(reader, "reader-group");
    await reader.goto("/directory/import", FIRST_LOAD);
    await expect(reader.getByRole("link", { name: "Download the CSV template" })).toBeVisible();
    await expectReadOnly(reader, "bulk import");
    await reader.goto("/directory/users/new", FIRST_LOAD);
    await expect(reader.getByText("Only Administrators create users")).toBeVisible();
    await expectReadOnly(reader, "new user");

    // Logs, sandbox and outbox: filters, search and paging stay; changes and the sandbox token do not.
    await reader.goto("/logs", FIRST_LOAD);
    await expect(reader.getByRole("button", { name: "Apply filters" })).toBeEnabled();
    await expectReadOnly(reader, "logs");
    await reader.goto("/sandbox", FIRST_LOAD);
    await expect(reader.getByLabel("Tenant URL")).toHaveValue(tenantUrl);
    await expect(reader.getByLabel("Secret Token", { exact: true })).toHaveCount(0);
    await expect(reader.getByRole("button", { name: "Search" })).toBeEnabled();
    await expectReadOnly(reader, "sandbox");
    await reader.goto("/outbox", FIRST_LOAD);
    await expect(reader.getByRole("heading", { name: "Email outbox" })).toBeVisible();
    await expect(reader.getByRole("heading", { name: "Send a test email" })).toHaveCount(0);
    await expectReadOnly(reader, "outbox");

    // No page sent a request the server refused: nothing read-only is built on a server action a Reader cannot call.
    expect(refused).toEqual([]);
  } finally {
    await context.close();
  }
});
