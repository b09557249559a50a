import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { FIRST_LOAD, addZscalerTwo, assignUser, shot } from "./support";

// Configuration as code on the application's Configuration tab, as an admin uses it: download one
// application's document, load it into another application from a file, preview what it changes, apply it,
// see that a second preview finds nothing to change, and see a broken document refused with its JSON paths.

async function createDirectoryUser(page: Page, u: { displayName: string; upn: string; nick: string }) {
  await page.goto("/directory/users/new", FIRST_LOAD);
  await page.getByLabel("Display name").fill(u.displayName);
  await page.getByLabel("User principal name").fill(u.upn);
  await page.getByLabel("Mail nickname").fill(u.nick);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(u.displayName, FIRST_LOAD);
}

test("a configuration is downloaded, previewed, applied once, and a broken one is refused with its paths", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const user = { displayName: `Config Tester ${tag}`, upn: `cfg.${tag}@contoso.com`, nick: `cfg.${tag}` };
  await createDirectoryUser(page, user);
  const sourceId = await addZscalerTwo(page, `Config source ${tag}`);
  await assignUser(page, sourceId, user.nick, user.displayName);

  // Export: the tab's download is the document, with the assignment and without any secret.
  await page.goto(`/applications/${sourceId}`, FIRST_LOAD);
  await page.getByRole("navigation", { name: "Application" }).getByRole("link", { name: "Configuration" }).click();
  await expect(page.getByRole("heading", { name: "Configuration as code" })).toBeVisible(FIRST_LOAD);
  await expect(page.getByText("1 users and 0 groups assigned")).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download configuration" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`config-source-${tag}.provisio.json`);
  const doc = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
  expect(doc).toMatchObject({ version: 1, application: { name: `Config source ${tag}`, template: "zscaler-two" } });
  expect(doc.assignments.users).toEqual([{ userPrincipalName: user.upn, appRole: "User" }]);
  expect(JSON.stringify(doc)).not.toMatch(/secret|token/i);

  // Apply it to another application, with a setting changed, loaded from a file.
  const targetName = `Config copy ${tag}`;
  const targetId = await addZscalerTwo(page, targetName);
  doc.application.name = targetName;
  doc.provisioning.deletionThreshold = 42;
  await page.goto(`/applications/${targetId}/configuration`, FIRST_LOAD);
  await page.getByLabel("Load from file").setInputFiles({
    name: "config.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(doc, null, 2)),
  });
  await expect(page.getByLabel("Configuration document (JSON)")).toHaveValue(/"deletionThreshold": 42/);
  await page.getByRole("button", { name: "Preview changes" }).click();
  const preview = page.getByRole("list", { name: "Changes to apply" });
  await expect(preview).toContainText("Accidental deletion threshold: 500 → 42");
  await expect(preview).toContainText(`Assign user ${user.upn} as User`);
  await expect(preview.getByRole("listitem")).toHaveCount(2);
  await expect(page.getByText("2 changes would be made. Nothing has changed yet.")).toBeVisible();
  await shot(page, "configuration-preview");
  await page.getByRole("button", { name: "Apply 2 changes" }).click();
  await expect(page.getByText("Applied 2 changes.")).toBeVisible();

  // The same document again changes nothing.
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByText("No changes: the application already matches this document.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Apply", exact: true })).toBeDisabled();
  await page.goto(`/applications/${targetId}/users-and-groups`, FIRST_LOAD);
  await expect(page.getByRole("row").filter({ hasText: user.displayName })).toBeVisible();
  await page.goto(`/applications/${targetId}/audit`, FIRST_LOAD);
  await expect(page.getByRole("table", { name: "Audit events" })).toContainText("Configuration document applied");

  // A broken document is refused whole, every problem with its JSON path.
  doc.mappings.users[1].target = "";
  doc.provisioning.scope = "Everyone";
  doc.provisioning.deletionThreshold = 7;
  await page.goto(`/applications/${targetId}/configuration`, FIRST_LOAD);
  await page.getByLabel("Configuration document (JSON)").fill(JSON.stringify(doc));
  await page.getByRole("button", { name: "Preview changes" }).click();
  const problems = page.getByRole("list", { name: "Problems in the document" });
  await expect(problems).toContainText("mappings.users[1].target");
  await expect(problems).toContainText("provisioning.scope");
  const refused = page.getByRole("alert").filter({ hasText: "The document was not applied" });
  await expect(refused).toContainText("2 problems; nothing was changed");
  await expect(page.getByRole("button", { name: "Apply", exact: true })).toBeDisabled();
  await shot(page, "configuration-refused");
});
