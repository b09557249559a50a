import { expect, test, type Locator, type Page } from "@playwright/test";

// The first request of each page compiles it in dev mode, so first navigations get generous timeouts.
const FIRST_LOAD = { timeout: 120_000 };

function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Clicks until `opened` shows: right after a full page load, dev mode may not have hydrated the button yet. */
async function clickUntilVisible(trigger: Locator, opened: Locator) {
  await expect(async () => {
    await trigger.click();
    await expect(opened).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

function appTabs(page: Page) {
  return page.getByRole("navigation", { name: "Application" });
}

async function addFromGallery(page: Page, templateName: string, name: string): Promise<string> {
  await page.goto("/applications/gallery", FIRST_LOAD);
  const dialog = page.getByRole("dialog", { name: `Add ${templateName}` });
  await clickUntilVisible(page.getByRole("button", { name: `Add ${templateName}`, exact: true }), dialog);
  await expect(dialog.getByLabel("Name")).toHaveValue(templateName);
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/applications\/[0-9a-f-]{36}$/, FIRST_LOAD);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible(FIRST_LOAD);
  return page.url().split("/").pop() as string;
}

/** Opens "Add user/group", searches, picks the option at `index` with the keyboard, and returns its display name. */
async function pickPrincipal(page: Page, query: string, index: number): Promise<string> {
  const search = page.getByRole("combobox", { name: "Search users and groups" });
  await search.fill(query);
  const options = page.getByRole("listbox", { name: "Users and groups" }).getByRole("option");
  await expect(options.nth(index)).toBeVisible();
  const name = (await options.nth(index).innerText()).split("\n")[0].trim();
  for (let i = 0; i < index; i++) await search.press("ArrowDown");
  await expect(options.nth(index)).toHaveAttribute("aria-selected", "true");
  await search.press("Enter");
  await expect(page.getByTestId("selected-principal")).toContainText(name);
  return name;
}

test("gallery: tiles with a search box, and the add form validates the name inline", async ({ page }) => {
  await page.goto("/applications/gallery", FIRST_LOAD);
  for (const name of ["Zscaler Two", "Zscaler One", "SCIM 2.0 application"]) {
    await expect(page.getByRole("button", { name: `Add ${name}`, exact: true })).toBeVisible();
  }
  const search = page.getByLabel("Search the gallery");
  await expect(async () => {
    await search.fill("one");
    await expect(page.getByRole("button", { name: "Add Zscaler Two", exact: true })).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Add Zscaler One", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add Zscaler Two", exact: true })).toHaveCount(0);
  await search.fill("no such application");
  await expect(page.getByText("No application matches your search")).toBeVisible();
  await search.fill("");
  await page.screenshot({ path: "/tmp/apps-e2e-gallery.png", fullPage: true });

  await page.getByRole("button", { name: "Add Zscaler Two", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Add Zscaler Two" });
  await dialog.getByLabel("Name").fill("   ");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("Enter a name")).toBeVisible();
  await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Name")).toHaveValue("   "); // what the admin typed is kept
  await expect(page).toHaveURL(/\/applications\/gallery$/);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
});

test("add Zscaler Two, assign users and groups with roles, rename it and delete it", async ({ page }) => {
  const appName = unique("Zscaler Two e2e");
  const appId = await addFromGallery(page, "Zscaler Two", appName);

  // Overview: tabs, getting started, properties.
  await expect(appTabs(page).getByRole("link", { name: "Overview", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(appTabs(page).getByRole("link", { name: "Provisioning", exact: true })).toHaveAttribute(
    "href",
    `/applications/${appId}/provisioning`,
  );
  await expect(page.getByText("Nobody is assigned yet.")).toBeVisible();
  await expect(page.getByText(appId, { exact: true })).toBeVisible();

  // Users and groups: empty state, then assign a user with the default role (User).
  await appTabs(page).getByRole("link", { name: "Users and groups", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${appId}/users-and-groups$`), FIRST_LOAD);
  await expect(appTabs(page).getByRole("link", { name: "Users and groups", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByText("Nobody is assigned yet")).toBeVisible(FIRST_LOAD);
  await page.getByRole("button", { name: "Add user/group" }).click();
  const first = await pickPrincipal(page, "a", 0);
  await expect(page.getByLabel("App role")).toHaveValue("User");
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(`Assigned ${first} with the role User.`)).toBeVisible();
  const table = page.getByRole("table", { name: "Assigned users and groups" });
  const firstRow = table.getByRole("row").filter({ hasText: first });
  await expect(firstRow).toHaveCount(1);
  await expect(firstRow.getByRole("cell").nth(2)).toHaveText("User");
  await expect(firstRow.getByText("Excluded from provisioning")).toHaveCount(0);

  // A second principal with Default Access is shown as excluded, with the reason.
  await page.getByRole("button", { name: "Add user/group" }).click();
  const second = await pickPrincipal(page, "a", 1);
  expect(second).not.toBe(first);
  await page.getByLabel("App role").selectOption("Default Access");
  await expect(
    page.getByText("Assignments with the Default Access role are not provisioned.", { exact: true }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  const secondRow = table.getByRole("row").filter({ hasText: second });
  await expect(secondRow.getByText("Excluded from provisioning")).toBeVisible();
  await expect(secondRow.getByText("Assignments with the Default Access role are not provisioned")).toBeVisible();
  await expect(page.getByText("2 assigned, 1 excluded from provisioning.")).toBeVisible();
  await page.screenshot({ path: "/tmp/apps-e2e-users-and-groups.png", fullPage: true });

  // Assigning the first principal again is refused with a clear message.
  await page.getByRole("button", { name: "Add user/group" }).click();
  await page.getByRole("combobox", { name: "Search users and groups" }).fill(first);
  await page.getByRole("option").filter({ hasText: "Assigned: User" }).first().click();
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: `${first} is already assigned to ${appName}` })).toBeVisible();
  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(table.getByRole("row")).toHaveCount(3); // header + 2

  // Change the first one's role to Default Access.
  await page.getByRole("button", { name: `Change role of ${first}` }).click();
  await page.getByRole("combobox", { name: `App role for ${first}` }).selectOption("Default Access");
  await page.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByText(`${first} now has the role Default Access.`)).toBeVisible();
  await expect(firstRow.getByRole("cell").nth(2)).toHaveText("Default Access");
  await expect(firstRow.getByText("Excluded from provisioning")).toBeVisible();

  // Remove the second one, after confirming.
  await page.getByRole("button", { name: `Remove ${second}` }).click();
  const confirm = page.getByRole("dialog", { name: `Remove ${second}?` });
  await confirm.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(page.getByText(`Removed ${second} from ${appName}.`)).toBeVisible();
  await expect(secondRow).toHaveCount(0);
  await expect(table.getByRole("row")).toHaveCount(2);

  // The list shows the application with its status and assigned count.
  await page.goto("/applications", FIRST_LOAD);
  const listRow = page
    .getByRole("table", { name: "Enterprise applications" })
    .getByRole("row")
    .filter({ hasText: appName });
  await expect(listRow.getByText("Not configured")).toBeVisible();
  await expect(listRow.getByRole("cell").nth(3)).toHaveText("1");
  await page.screenshot({ path: "/tmp/apps-e2e-list.png", fullPage: true });

  // Rename on the overview; an empty name is refused inline.
  await listRow.getByRole("link", { name: appName }).click();
  await expect(page.getByRole("heading", { level: 1, name: appName })).toBeVisible(FIRST_LOAD);
  await expect(page.getByTestId("assigned-summary")).toHaveText(
    "1 user and 0 groups assigned (1 with Default Access, not provisioned).",
  );
  await page.screenshot({ path: "/tmp/apps-e2e-overview.png", fullPage: true });
  const nameInput = page.getByRole("textbox", { name: "Name" });
  await nameInput.fill("");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByText("Enter a name")).toBeVisible();
  await expect(nameInput).toHaveValue("");
  const renamed = `${appName} renamed`;
  await nameInput.fill(renamed);
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();

  // Delete, after confirming: back on the list, without it.
  const deleteDialog = page.getByRole("dialog", { name: `Delete ${renamed}?` });
  await clickUntilVisible(page.getByRole("button", { name: "Delete application" }), deleteDialog);
  await deleteDialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(/\/applications$/);
  await expect(page.getByRole("link", { name: renamed })).toHaveCount(0);
  const gone = await page.goto(`/applications/${appId}`);
  expect(gone?.status()).toBe(404);
});

test("an unknown application id is a 404", async ({ page }) => {
  const response = await page.goto("/applications/00000000-0000-0000-0000-000000000000", FIRST_LOAD);
  expect(response?.status()).toBe(404);
});
