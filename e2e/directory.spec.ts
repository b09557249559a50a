import { expect, test, type Page } from "@playwright/test";

// Each run uses its own names, so the spec works on a shared app instance and on a re-run.
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const displayName = `Ingrid E2E ${run}`;
const upn = `ingrid.${run}@e2e.contoso.com`;
const groupName = `E2E Group ${run}`;

const csvHeader =
  "version:v1.0\n" +
  "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname],Job title [jobTitle],Department [department]\n";

async function open(page: Page, path: string) {
  // The first visit of a page compiles it in dev mode, which can take a while.
  await page.goto(path, { timeout: 120_000 });
}

async function searchUsers(page: Page, term: string) {
  await open(page, "/directory/users");
  await page.getByRole("searchbox", { name: "Search users" }).fill(term);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(term).replace(/\./g, "\\.")}`));
}

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

test("create a user, find it, edit it, disable it, delete and restore it", async ({ page }) => {
  await open(page, "/directory/users/new");
  await expect(page.getByRole("heading", { name: "New user" })).toBeVisible();

  // Bad input first: inline errors, nothing created.
  await page.getByLabel("Display name").fill(displayName);
  await page.getByLabel("User principal name").fill("not a upn");
  await page.getByLabel("Mail nickname").fill("has space");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("Enter a user principal name in the form user@domain")).toBeVisible();
  await expect(page.getByText("A mail nickname cannot contain spaces")).toBeVisible();
  await expect(page.getByLabel("Display name")).toHaveValue(displayName);

  await page.getByLabel("User principal name").fill(upn);
  await page.getByLabel("Mail nickname").fill("");
  await page.getByLabel("Department").fill("Research");
  await page.getByLabel("Job title").fill("Analyst");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(displayName, { timeout: 30_000 });
  await expect(page.getByText("User created.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Enabled");

  // The same UPN again is refused on the field.
  await open(page, "/directory/users/new");
  await page.getByLabel("Display name").fill(`${displayName} twin`);
  await page.getByLabel("User principal name").fill(upn.toUpperCase());
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.locator("#user-userPrincipalName-error")).toContainText(
    `already has the user principal name ${upn}`,
  );

  // Find it by search.
  await searchUsers(page, run);
  const users = page.getByRole("table", { name: "Users" });
  await expect(users.getByRole("row")).toHaveCount(2);
  await expect(users.getByRole("link", { name: displayName })).toBeVisible();
  await expect(users).toContainText("Research");
  await expect(page.getByText("1–1 of 1 users")).toBeVisible();
  await users.getByRole("link", { name: displayName }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(displayName);

  // Edit the department.
  const edit = page.getByRole("form", { name: "Edit properties" });
  await edit.getByLabel("Department").fill("Security Research");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved. Changed: department.")).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole("list", { name: "Properties" }).or(page.locator("dl[aria-label=Properties]")),
  ).toContainText("Security Research");

  // Disable it (after confirming).
  await page.getByRole("button", { name: "Disable", exact: true }).click();
  await page
    .getByRole("dialog", { name: `Disable ${displayName}?` })
    .getByRole("button", { name: "Yes, disable" })
    .click();
  await expect(page.getByText(`${displayName} is disabled and can no longer sign in.`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Disabled");
  await expect(page.getByRole("button", { name: "Enable", exact: true })).toBeVisible();

  // Soft delete (after confirming), then restore.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page
    .getByRole("dialog", { name: `Delete ${displayName}?` })
    .getByRole("button", { name: "Yes, delete" })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Deleted");
  await expect(page.getByRole("button", { name: "Permanently delete" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Edit properties" }).getByLabel("Department")).toBeDisabled();
  await searchUsers(page, run);
  await expect(page.getByText(`No users match “${run}”`)).toBeVisible();
  await page.getByRole("link", { name: /Deleted users/ }).click();
  await expect(page.getByRole("table", { name: "Users" }).getByRole("link", { name: displayName })).toBeVisible();
  await page.getByRole("table", { name: "Users" }).getByRole("link", { name: displayName }).click();
  await page.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText(`${displayName} was restored.`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Disabled");
  await expect(page.getByRole("button", { name: "Delete", exact: true })).toBeVisible();
  await page.screenshot({ path: "/tmp/dir-e2e-user-detail.png", fullPage: true });
});

test("permanently delete a user: only once deleted, and only after confirming", async ({ page }) => {
  const name = `Leaver E2E ${run}`;
  await open(page, "/directory/users/new");
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("User principal name").fill(`leaver.${run}@e2e.contoso.com`);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name, { timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Permanently delete" })).toHaveCount(0);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page
    .getByRole("dialog", { name: `Delete ${name}?` })
    .getByRole("button", { name: "Yes, delete" })
    .click();
  await page.getByRole("button", { name: "Permanently delete" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Permanently delete ${name}?` });
  await expect(confirm).toContainText("This cannot be undone.");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Deleted");
  await page.getByRole("button", { name: "Permanently delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Yes, permanently delete" }).click();
  await expect(page.getByText("The user was permanently deleted.")).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(/state=deleted/);
  await expect(page.getByRole("table", { name: "Users" }).getByRole("link", { name })).toHaveCount(0);
});

test("create a group and add the user as a member", async ({ page }) => {
  await open(page, "/directory/groups/new");
  await page.getByLabel("Group name").fill(groupName);
  await page.getByLabel("Mail nickname").fill(`e2e-${run}`);
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(groupName, { timeout: 30_000 });
  await expect(page.getByText("No members yet")).toBeVisible();

  await page.getByLabel("Add members").fill(run);
  const candidates = page.getByRole("list", { name: "Users to add" });
  await expect(candidates.getByText(displayName)).toBeVisible();
  await candidates.getByRole("button", { name: `Add ${displayName}` }).click();
  await expect(page.getByText(`${displayName} was added to ${groupName}.`)).toBeVisible();
  const members = page.getByRole("table", { name: "Members" });
  await expect(members.getByRole("link", { name: displayName })).toBeVisible();
  await expect(page.getByText("1 member", { exact: true })).toBeVisible();

  // The user's page lists the membership; the groups list counts it.
  await members.getByRole("link", { name: displayName }).click();
  await expect(
    page.getByRole("table", { name: "Group memberships" }).getByRole("link", { name: groupName }),
  ).toBeVisible();
  await open(page, `/directory/groups?q=${encodeURIComponent(groupName)}`);
  const row = page.getByRole("table", { name: "Groups" }).getByRole("row", { name: new RegExp(groupName) });
  await expect(row).toContainText("1");
});

test("import a CSV with a broken row: row errors and nothing saved; then a good file", async ({ page }) => {
  const good1 = `good1.${run}@e2e.contoso.com`;
  const good2 = `good2.${run}@e2e.contoso.com`;
  const broken =
    csvHeader +
    `Good One ${run},${good1},Secret1!,No,Good,One,Tester,QA\n` +
    `Broken Row ${run},broken at example,Secret1!,Perhaps,,,,\n`;

  await open(page, "/directory/import");
  await page
    .getByLabel("File to import")
    .setInputFiles({ name: "UserCreateTemplate.csv", mimeType: "text/csv", buffer: Buffer.from(broken) });
  await expect(page.getByTestId("detected-format")).toHaveText("Entra bulk-create CSV (version:v1.0)");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Nothing was imported")).toBeVisible({ timeout: 30_000 });
  const errors = page.getByRole("table", { name: "Row errors" });
  await expect(errors.getByRole("row", { name: /accountEnabled/ })).toContainText(
    'Block sign in must be Yes or No, not "Perhaps".',
  );
  await expect(errors.getByRole("row", { name: /userPrincipalName/ })).toContainText("4");
  await page.screenshot({ path: "/tmp/dir-e2e-import-errors.png", fullPage: true });

  await searchUsers(page, run);
  await expect(page.getByRole("table", { name: "Users" }).getByRole("link", { name: `Good One ${run}` })).toHaveCount(
    0,
  );

  const good =
    csvHeader +
    `Good One ${run},${good1},Secret1!,No,Good,One,Tester,QA\n` +
    `Good Two ${run},${good2},Secret1!,Yes,Good,Two,Tester,QA\n`;
  await open(page, "/directory/import");
  await page
    .getByLabel("File to import")
    .setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Import complete: Entra bulk-create CSV: 2 user rows")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Users: 2 created, 0 updated, 0 unchanged")).toBeVisible();
  await expect(page.getByText("passwordProfile ignored: Provisio does not hold passwords")).toBeVisible();

  await searchUsers(page, `good`);
  await page.getByRole("searchbox", { name: "Search users" }).fill(run);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const users = page.getByRole("table", { name: "Users" });
  await expect(users.getByRole("link", { name: `Good One ${run}` })).toBeVisible();
  await expect(users.getByRole("row", { name: new RegExp(`Good Two ${run}`) })).toContainText("Disabled");
  await page.screenshot({ path: "/tmp/dir-e2e-users.png", fullPage: true });
});

test("import Microsoft Graph JSON users and a group whose members refer to them", async ({ page }) => {
  const userId = `00000000-0000-4000-8000-${run.padStart(12, "0").slice(-12)}`;
  const json = JSON.stringify({
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
    value: [
      {
        id: userId,
        userPrincipalName: `graph.${run}@e2e.contoso.com`,
        displayName: `Graph User ${run}`,
        accountEnabled: true,
        department: "Graph",
      },
    ],
  });
  await open(page, "/directory/import");
  await page
    .getByLabel("File to import")
    .setInputFiles({ name: "users.json", mimeType: "application/json", buffer: Buffer.from(json) });
  await expect(page.getByTestId("detected-format")).toHaveText("Microsoft Graph JSON");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Import complete: Microsoft Graph JSON: 1 user")).toBeVisible({ timeout: 30_000 });

  const groups = JSON.stringify({
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups",
    value: [
      {
        displayName: `Graph Group ${run}`,
        securityEnabled: true,
        members: [
          { "@odata.type": "#microsoft.graph.user", id: userId },
          { "@odata.type": "#microsoft.graph.user", id: "does-not-exist" },
        ],
      },
    ],
  });
  await page
    .getByLabel("File to import")
    .setInputFiles({ name: "groups.json", mimeType: "application/json", buffer: Buffer.from(groups) });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("table", { name: "Row errors" })).toContainText(
    "No user with id does-not-exist in the directory or in this file.",
  );
  await open(page, `/directory/groups?q=${encodeURIComponent(`Graph Group ${run}`)}`);
  await expect(page.getByText(`No groups match “Graph Group ${run}”`)).toBeVisible();
});
