import { expect, test, type Page } from "@playwright/test";
import { FIRST_LOAD, addZscalerTwo, clickUntilVisible, assignUser, readSandboxToken } from "./support";

// Issue 4's end-to-end test, as an admin: set userName from Join("@", [mailNickname], "example.com") in the
// mapping editor (a broken expression first, with its inline error and suggestion), test it on a directory
// user, save, see what the next cycle will do, then provision that user on demand to the built-in sandbox SCIM
// target and find the value there.

/** Screenshots for reviewing the pages by eye: only when E2E_SCREENSHOTS names a folder. */
async function shot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/mapui-${name}.png`, fullPage: true });
}

async function createDirectoryUser(page: Page, u: { displayName: string; upn: string; nick: string }) {
  await page.goto("/directory/users/new", FIRST_LOAD);
  await page.getByLabel("Display name").fill(u.displayName);
  await page.getByLabel("User principal name").fill(u.upn);
  await page.getByLabel("Mail nickname").fill(u.nick);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(u.displayName, FIRST_LOAD);
}

test('mapping editor: userName from Join("@", [mailNickname], "example.com"), tested, saved, previewed and provisioned to the sandbox', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const nick = `mapui.${tag}`;
  const user = { displayName: `Mapui Tester ${tag}`, upn: `${nick}@contoso.com`, nick };
  const expected = `${nick}@example.com`;
  const expression = 'Join("@", [mailNickname], "example.com")';

  await createDirectoryUser(page, user);
  const appId = await addZscalerTwo(page, `Zscaler Two mapui ${tag}`);
  await assignUser(page, appId, nick, user.displayName);

  // The User mappings page shows the template's defaults.
  await page.goto(`/applications/${appId}/provisioning/mappings/User`, FIRST_LOAD);
  await expect(page.getByRole("heading", { name: "Attribute Mapping: Provision directory users" })).toBeVisible(
    FIRST_LOAD,
  );
  const table = page.getByRole("table");
  const userNameRow = table.getByRole("row").filter({ has: page.getByRole("cell", { name: "userName", exact: true }) });
  await expect(userNameRow.getByRole("cell", { name: "userPrincipalName", exact: true })).toBeVisible();
  await expect(userNameRow.getByText("Matching · 1")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
  await shot(page, "1-defaults");

  // Edit userName: Expression, a broken one first.
  const panel = page.getByRole("dialog", { name: "Edit attribute" });
  await clickUntilVisible(page.getByRole("button", { name: "Edit mapping for userName" }), panel);
  await panel.getByLabel("Mapping type").selectOption("Expression");
  const field = panel.getByLabel("Expression", { exact: true });
  await field.fill("");
  await field.pressSequentially("Jon(");
  const inlineError = panel.getByTestId("expression-error");
  await expect(inlineError).toContainText("Line 1, column 1:");
  await expect(inlineError).toContainText("Unknown function Jon. Did you mean Join?");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await shot(page, "2-inline-error");
  // OK refuses a broken expression: the panel stays open.
  await panel.getByRole("button", { name: "OK", exact: true }).click();
  await expect(panel).toBeVisible();

  await field.fill("");
  await field.pressSequentially(expression);
  await expect(inlineError).toHaveCount(0);
  await expect(panel.getByText("The expression is valid.")).toBeVisible();

  // Test expression on the directory user.
  await panel.getByLabel("Search for a user").fill(nick);
  await panel
    .getByRole("list", { name: "Matching users" })
    .getByRole("button", { name: new RegExp(user.displayName) })
    .click();
  await panel.getByRole("button", { name: "Test expression", exact: true }).click();
  const result = panel.getByTestId("expression-test-result");
  await expect(result).toContainText(`Result for ${user.upn}`);
  await expect(result).toContainText(expected);
  await shot(page, "3-tested");

  // OK keeps it on the page, unsaved; Save writes it.
  await panel.getByRole("button", { name: "OK", exact: true }).click();
  await expect(panel).toBeHidden();
  await expect(userNameRow).toHaveCount(1);
  await expect(userNameRow.getByRole("cell", { name: expression })).toBeVisible();
  await expect(userNameRow.getByRole("cell", { name: "Expression", exact: true })).toBeVisible();
  await expect(page.getByText("You have unsaved changes.", { exact: false })).toBeVisible();

  // A second mapping to userName is refused in the panel.
  const addPanel = page.getByRole("dialog", { name: "Add new mapping" });
  await clickUntilVisible(page.getByRole("button", { name: "Add new mapping" }), addPanel);
  await addPanel.getByLabel("Source attribute").selectOption("mail");
  await addPanel.getByLabel("Target attribute").selectOption("userName");
  await addPanel.getByRole("button", { name: "OK", exact: true }).click();
  await expect(addPanel.getByText("userName is already mapped (row 1)")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(addPanel).toBeHidden();

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Mappings saved." })).toBeVisible();
  await expect(page.getByText("The next cycle will be a full (initial) cycle")).toBeVisible();
  await page.reload();
  await expect(userNameRow.getByRole("cell", { name: expression })).toBeVisible(FIRST_LOAD);
  await expect(userNameRow.getByText("Matching · 1")).toBeVisible();
  await expect(page.getByText("The next cycle will be a full (initial) cycle")).toBeVisible();
  await shot(page, "4-saved");

  // What will change: the next cycle creates the assigned user, nothing else.
  await page.getByRole("button", { name: "Preview the next cycle" }).click();
  const plan = page.getByTestId("what-will-change");
  await expect(plan).toContainText("an initial cycle", FIRST_LOAD);
  await expect(plan.getByText("1 to create")).toBeVisible();
  await expect(plan.getByText("0 to update")).toBeVisible();
  await expect(plan.getByText(user.upn)).toBeVisible();
  await expect(
    plan.getByRole("list", { name: `Changes for ${user.upn}` }).getByText(expected, { exact: true }),
  ).toBeVisible();
  await shot(page, "5-what-will-change");

  // Provision on demand: credentials for the sandbox target (Test Connection, Save), then this one user, now.
  const token = await readSandboxToken(page);
  await page.goto(`/applications/${appId}/provisioning`, FIRST_LOAD);
  await expect(page.getByLabel("Provisioning Mode")).toBeVisible(FIRST_LOAD);
  await page.getByLabel("Provisioning Mode").selectOption("Automatic");
  await page.getByLabel("Tenant URL").fill(`${baseURL}/api/sandbox/scim/v2`);
  await page.getByLabel("Secret Token").fill(token);
  await page.getByRole("button", { name: "Test Connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toBeVisible(FIRST_LOAD);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "The provisioning configuration is saved." })).toBeVisible();
  await page.getByLabel("Search users", { exact: true }).fill(nick);
  await page
    .getByRole("list", { name: "Users", exact: true })
    .getByRole("radio", { name: new RegExp(user.displayName) })
    .check();
  await page.getByRole("button", { name: "Provision", exact: true }).click();
  const onDemand = page.getByRole("region", { name: "On-demand result" });
  await expect(onDemand).toContainText("Create", FIRST_LOAD);
  await expect(onDemand).not.toContainText("Failure");

  // The user is at the sandbox with the mapped userName.
  await page.goto(`/sandbox?q=${encodeURIComponent(nick)}`, FIRST_LOAD);
  await expect(page.getByText(expected, { exact: true })).toBeVisible(FIRST_LOAD);
  await expect(page.getByText(user.upn, { exact: true })).toHaveCount(0);
  await shot(page, "6-sandbox");

  // Target schema: discovery adds what the sandbox's /Schemas lists; a second run adds nothing.
  await page.goto(`/applications/${appId}/provisioning/mappings/User`, FIRST_LOAD);
  await expect(page.getByText("nickName", { exact: true })).toHaveCount(0, FIRST_LOAD);
  await page.getByRole("button", { name: "Discover from target" }).click();
  const added = page.getByRole("status").filter({ hasText: /\d+ attributes added from the target's schema\./ });
  await expect(added).toBeVisible(FIRST_LOAD);
  await expect(added).toContainText("nickName");
  await expect(page.getByText(/^\d+ attributes Zscaler Two accepts for users\./)).not.toHaveText(/^10 attributes/);
  await page.getByRole("button", { name: "Discover from target" }).click();
  await expect(page.getByRole("status").filter({ hasText: "No new attributes found." })).toBeVisible();
  await shot(page, "7-discovered");

  // Edit attribute list: mapped attributes cannot be removed; others can.
  const list = page.getByRole("dialog", { name: "Edit attribute list for Zscaler Two" });
  await clickUntilVisible(page.getByRole("button", { name: "Edit attribute list" }), list);
  await expect(list.getByRole("button", { name: "Remove userName", exact: true })).toHaveCount(0);
  await expect(list.getByText("Used by a mapping").first()).toBeVisible();
  await list.getByRole("button", { name: "Remove nickName", exact: true }).click();
  await list.getByRole("button", { name: "Save attribute list" }).click();
  await expect(list).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Attribute list saved." })).toBeVisible();
  await expect(page.getByText("nickName", { exact: true })).toHaveCount(0);
});

test("scoping filters: live preview with the failing clause, an invalid regex refused, saved filters kept", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const inside = { displayName: `Scope In ${tag}`, upn: `scope.in.${tag}@contoso.com`, nick: `scope.in.${tag}` };
  const outside = { displayName: `Scope Out ${tag}`, upn: `scope.out.${tag}@contoso.com`, nick: `scope.out.${tag}` };
  await createDirectoryUser(page, inside);
  await createDirectoryUser(page, outside);
  const appId = await addZscalerTwo(page, `Zscaler Two scoping ${tag}`);
  await assignUser(page, appId, inside.nick, inside.displayName);
  await assignUser(page, appId, outside.nick, outside.displayName);

  await page.goto(`/applications/${appId}/provisioning/scoping/User`, FIRST_LOAD);
  await expect(page.getByText("No scoping filters")).toBeVisible(FIRST_LOAD);
  const preview = page.getByTestId("scope-preview");
  await expect(preview).toContainText("2 of 2 users in scope");
  await shot(page, "7-scoping-empty");

  await page.getByRole("button", { name: "Add scoping filter" }).click();
  await page.getByLabel("Attribute, clause 1 of filter 1").selectOption("userPrincipalName");
  await page.getByLabel("Operator, clause 1 of filter 1").selectOption({ label: "matches regular expression" });
  await page.getByLabel("Value, clause 1 of filter 1").fill("(scope\\.in");
  await expect(page.getByText(/Invalid regular expression/)).toBeVisible();
  await expect(page.getByText("Fix the highlighted clauses to see the preview.")).toBeVisible();
  await shot(page, "8-scoping-bad-regex");

  await page.getByLabel("Value, clause 1 of filter 1").fill("scope\\.in\\..*");
  await expect(preview).toContainText("1 of 2 users in scope");
  await expect(preview).toContainText(inside.upn);
  await expect(preview).toContainText(`${outside.displayName}`);
  await expect(preview).toContainText(
    `Filter 1, clause 1: userPrincipalName matches regular expression scope\\.in\\..* is false (userPrincipalName is "${outside.upn}")`,
  );
  await shot(page, "9-scoping-preview");

  // IS TRUE takes no value: the value box goes away.
  await page.getByRole("button", { name: "Add clause" }).click();
  await page.getByLabel("Attribute, clause 2 of filter 1").selectOption("accountEnabled");
  await page.getByLabel("Operator, clause 2 of filter 1").selectOption({ label: "is true" });
  await expect(page.getByLabel("Value, clause 2 of filter 1")).toHaveCount(0);
  await expect(preview).toContainText("1 of 2 users in scope");

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Scoping filters saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Value, clause 1 of filter 1")).toHaveValue("scope\\.in\\..*", FIRST_LOAD);
  await expect(page.getByLabel("Operator, clause 2 of filter 1")).toHaveValue("IS TRUE");
  await expect(page.getByTestId("scope-preview")).toContainText("1 of 2 users in scope");
});
