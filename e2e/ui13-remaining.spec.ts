import { spawn, type ChildProcess } from "node:child_process";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { FIRST_LOAD, addZscalerTwo, clickUntilVisible, shot } from "./support";

// Issue 13's last rough edges, driven as an admin: several users and groups assigned at once, the scope
// preview's "and N more" with paging and search, the audit entry of a removed assignment, a confirmation
// before disabling or deleting a directory user, the set-up form's checks, and one date format.

const tag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
/** The app's one date format: "2 Dec 2026, 04:05:09 UTC". */
const DATE = /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d{2}:\d{2}:\d{2} UTC\b/;

/** Types `query` in the Add assignment search and clicks the option named `name`. */
async function pick(page: Page, query: string, name: string) {
  const search = page.getByRole("combobox", { name: "Search users and groups" });
  await search.fill(query);
  await page
    .getByRole("listbox", { name: "Users and groups" })
    .getByRole("option")
    .filter({ hasText: name })
    .first()
    .click();
}

test("assign several users and groups at once with one role, all or none, and audit a removal by name", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const appName = `Zscaler Two multi ${tag()}`;
  const appId = await addZscalerTwo(page, appName);
  await page.goto(`/applications/${appId}/users-and-groups`, FIRST_LOAD);
  const search = page.getByRole("combobox", { name: "Search users and groups" });
  await clickUntilVisible(page.getByRole("button", { name: "Add user/group" }), search);
  await expect(page.getByText("No users or groups selected.")).toBeVisible();

  // Two groups by mouse, one more with the keyboard only (type, arrow, Enter).
  await pick(page, "Human Resources", "Human Resources");
  await pick(page, "Operations", "Operations");
  await search.fill("Marketing");
  const options = page.getByRole("listbox", { name: "Users and groups" }).getByRole("option");
  await expect(options.filter({ hasText: "Marketing" }).first()).toBeVisible();
  await search.press("ArrowDown");
  await search.press("ArrowUp");
  await search.press("Enter");
  const chosen = page.getByTestId("selected-principal");
  await expect(page.getByText("3 selected")).toBeVisible();
  await expect(chosen).toHaveCount(3);
  await expect(chosen.filter({ hasText: "Marketing" })).toHaveCount(1);
  // The list marks what is chosen; picking a chosen one again takes it out.
  await search.fill("Operations");
  await expect(options.filter({ hasText: "Operations" }).first()).toContainText("Selected");
  await search.press("Escape");
  await shot(page, "ui13b-assign-several");
  // Deselect Marketing with the keyboard.
  await page.getByRole("button", { name: "Deselect Marketing" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("2 selected")).toBeVisible();
  await expect(chosen.filter({ hasText: "Marketing" })).toHaveCount(0);

  await page.getByLabel("App role").selectOption("User");
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(
    page.getByText("Assigned 2 users and groups with the role User: Human Resources and Operations."),
  ).toBeVisible();
  const table = page.getByRole("table", { name: "Assigned users and groups" });
  await expect(table.getByRole("row")).toHaveCount(3); // header + 2
  for (const g of ["Human Resources", "Operations"])
    await expect(table.getByRole("row").filter({ hasText: g }).getByRole("cell").nth(2)).toHaveText("User");

  // One already assigned among the chosen: nothing is assigned, and the dialog says which one and why.
  await page.getByRole("button", { name: "Add user/group" }).click();
  await pick(page, "Human Resources", "Human Resources");
  await pick(page, "Finance", "Finance");
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "Nothing was assigned: you chose 2 users and groups, and 1 of them cannot be assigned." }),
  ).toBeVisible();
  await expect(chosen.filter({ hasText: "Human Resources" })).toContainText(
    `Human Resources is already assigned to ${appName}`,
  );
  await shot(page, "ui13b-assign-several-refused");
  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("row").filter({ hasText: "Finance" })).toHaveCount(0);

  // Remove Operations; the audit trail names it.
  await page.getByRole("button", { name: "Remove Operations" }).click();
  await page
    .getByRole("dialog", { name: "Remove Operations?" })
    .getByRole("button", { name: "Remove", exact: true })
    .click();
  await expect(page.getByText(`Removed Operations from ${appName}.`)).toBeVisible();
  await page.goto(`/applications/${appId}/audit`, FIRST_LOAD);
  const audit = page.getByRole("table", { name: "Audit events" });
  const removed = audit.getByRole("row").filter({ hasText: "Assignment removed" });
  await expect(removed).toHaveCount(1);
  await expect(removed).toContainText("displayName");
  await expect(removed).toContainText("Operations");
  await expect(audit.getByRole("row").filter({ hasText: "User or group assigned" })).toHaveCount(2);
  await expect(removed.getByRole("cell").first()).toHaveText(DATE);
  await shot(page, "ui13b-audit-removed");
});

test("the scope preview says how many more there are, and lists them all, paged and searchable", async ({ page }) => {
  test.setTimeout(240_000);
  const appId = await addZscalerTwo(page, `Zscaler Two scope list ${tag()}`);
  await page.goto(`/applications/${appId}/users-and-groups`, FIRST_LOAD);
  const search = page.getByRole("combobox", { name: "Search users and groups" });
  await clickUntilVisible(page.getByRole("button", { name: "Add user/group" }), search);
  await pick(page, "Human Resources", "Human Resources");
  await pick(page, "Operations", "Operations");
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText("Assigned 2 users and groups with the role User")).toBeVisible();

  await page.goto(`/applications/${appId}/provisioning/scoping/User`, FIRST_LOAD);
  const preview = page.getByTestId("scope-preview");
  await expect(preview).toContainText("40 of 40 users in scope", FIRST_LOAD);
  await expect(preview.getByRole("list", { name: "In scope (sample)" }).getByRole("listitem")).toHaveCount(8);
  await expect(preview).toContainText("and 32 more");
  await shot(page, "ui13b-scope-preview-more");

  await preview.getByRole("button", { name: "Show all 40 users in scope" }).click();
  const dialog = page.getByRole("dialog", { name: "In scope: 40 users" });
  await expect(dialog).toBeVisible();
  const list = dialog.getByRole("list", { name: "In scope" });
  await expect(dialog.getByText("1–25 of 40 users")).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(25);
  await shot(page, "ui13b-scope-list-page1");
  await dialog.getByRole("button", { name: "Next" }).click();
  await expect(dialog.getByText("26–40 of 40 users")).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(15);
  await expect(dialog.getByRole("button", { name: "Next" })).toBeDisabled();
  // The last person on the second page, found by a search over the whole list.
  const lastName = (await list.getByRole("listitem").last().innerText()).split("\n")[0]!.trim();
  await dialog.getByRole("searchbox", { name: "Search in scope" }).fill(lastName);
  await expect(dialog.getByText(`1–1 of 1 users matching “${lastName}”`)).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await dialog.getByRole("searchbox", { name: "Search in scope" }).fill("no such person anywhere");
  await expect(dialog.getByText("No users match “no such person anywhere”.")).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();

  // A draft filter: the out-of-scope side is listed in full too, each with the clause that failed.
  await page.getByRole("button", { name: "Add scoping filter" }).click();
  await page.getByLabel("Attribute, clause 1 of filter 1").selectOption("department");
  await page.getByLabel("Value, clause 1 of filter 1").fill("Human Resources");
  await expect(preview).toContainText("20 of 40 users in scope");
  await expect(preview).toContainText("and 12 more");
  await preview.getByRole("button", { name: "Show all 20 users out of scope" }).click();
  const out = page.getByRole("dialog", { name: "Out of scope: 20 users" });
  await expect(out.getByText("1–20 of 20 users")).toBeVisible();
  await expect(out.getByRole("list", { name: "Out of scope" }).getByRole("listitem")).toHaveCount(20);
  await expect(out.getByRole("list", { name: "Out of scope" }).getByRole("listitem").first()).toContainText(
    'Filter 1, clause 1: department equals Human Resources is false (department is "Operations")',
  );
  await shot(page, "ui13b-scope-list-out");
  await page.keyboard.press("Escape");
  await expect(out).toBeHidden();
});

test("disabling or deleting a directory user asks first, naming the user; Cancel keeps everything", async ({
  page,
}) => {
  const t = tag();
  const name = `Confirm E2E ${t}`;
  const upn = `confirm.${t}@e2e.contoso.com`;
  await page.goto("/directory/users/new", FIRST_LOAD);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("User principal name").fill(upn);
  await page.getByRole("button", { name: "Create user" }).click();
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText(name, { timeout: 30_000 });

  // Disable: Cancel keeps the user enabled.
  await clickUntilVisible(
    page.getByRole("button", { name: "Disable", exact: true }),
    page.getByRole("dialog", { name: `Disable ${name}?` }),
  );
  const disable = page.getByRole("dialog", { name: `Disable ${name}?` });
  await expect(disable).toContainText(`${name} (${upn}) will no longer be able to sign in.`);
  await expect(disable.getByRole("button", { name: "Cancel" })).toBeFocused();
  await shot(page, "ui13b-confirm-disable");
  await disable.getByRole("button", { name: "Cancel" }).click();
  await expect(disable).toBeHidden();
  await expect(heading).not.toContainText("Disabled");
  await expect(page.getByRole("button", { name: "Disable", exact: true })).toBeVisible();

  // Delete: Escape cancels too; then confirm.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const del = page.getByRole("dialog", { name: `Delete ${name}?` });
  await expect(del).toContainText(`${name} (${upn}) is moved to Deleted users.`);
  await page.keyboard.press("Escape");
  await expect(del).toBeHidden();
  await expect(heading).not.toContainText("Deleted");
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await del.getByRole("button", { name: "Yes, delete" }).click();
  await expect(heading).toContainText("Deleted");
  await expect(page.getByText(`${name} was moved to Deleted users. You can restore it from there.`)).toBeVisible();
});

test.describe("in a browser in another zone and locale", () => {
  test.use({ timezoneId: "Pacific/Kiritimati", locale: "de-DE" });

  test("dates have one format with the zone, and the browser renders them as the server did", async ({ page }) => {
    test.setTimeout(240_000); // five pages, each compiled on first visit in dev mode
    const hydration: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /hydrat|did not match/i.test(m.text())) hydration.push(m.text());
    });
    page.on("pageerror", (e) => {
      if (/hydrat|did not match/i.test(e.message)) hydration.push(e.message);
    });
    await page.goto("/applications", FIRST_LOAD);
    const apps = page.getByRole("table").first();
    await expect(apps.getByText(DATE).first()).toBeVisible(FIRST_LOAD);
    const appLink = apps.getByRole("link").first();
    await appLink.click();
    await expect(page).toHaveURL(/\/applications\/[0-9a-f-]{36}$/, FIRST_LOAD);
    await expect(page.getByText(DATE).first()).toBeVisible(FIRST_LOAD);
    const appId = page.url().split("/").pop() as string;
    await page.goto(`/applications/${appId}/provisioning`, FIRST_LOAD);
    await expect(page.getByLabel("Provisioning Mode")).toBeVisible(FIRST_LOAD);
    await page.goto("/directory/users", FIRST_LOAD);
    await page.getByRole("table", { name: "Users" }).getByRole("link").first().click();
    await expect(page.getByText(DATE).first()).toBeVisible(FIRST_LOAD);
    await shot(page, "ui13b-dates-user");
    // Nothing in another format: no en-US "12/2/2026", no German "2.12.2026", no zone-less ISO text.
    const body = await page.locator("main").innerText();
    expect(body).not.toMatch(/\b\d{1,2}[./]\d{1,2}[./]\d{4}\b/);
    expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?!.*UTC)/);
    expect(hydration).toEqual([]);
  });
});

/** A loopback port nothing listens on now, so the set-up server cannot be confused with another one. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The app on a fresh data folder with nobody who can sign in yet (the set-up screen), on its own port. */
async function startUnsetServer(port: number, dataDir: string): Promise<ChildProcess> {
  const root = path.resolve(__dirname, "..");
  const dev = process.env.E2E_DEV === "1";
  const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PROVISIO_DATA_DIR: dataDir,
    // Its own database, named outright: other specs set DATABASE_URL in this worker (to the main e2e file).
    DATABASE_URL: `file:${path.join(dataDir, "provisio.db")}`,
    NEXT_DIST_DIR: dev ? `${distDir}-setup` : distDir,
    PROVISIO_BASE_URL: `http://localhost:${port}`,
    PROVISIO_DEMO: "false",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.PROVISIO_ADMIN_USERNAME;
  delete env.PROVISIO_ADMIN_PASSWORD;
  const cmd = `rm -rf '${dataDir}' && npx tsx scripts/prepare-database.ts && exec npx next ${dev ? "dev" : "start"} -p ${port}`;
  const child = spawn("bash", ["-c", cmd], { cwd: root, env, stdio: "ignore", detached: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      const r = await fetch(`http://localhost:${port}/api/health`);
      if (r.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("The set-up server did not start in 180 s");
    await new Promise((r) => setTimeout(r, 500));
  }
}

test("the set-up form names a short password even when the two passwords differ", async ({ browser }) => {
  test.setTimeout(300_000);
  const port = await freePort();
  const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? ".e2e-data") + "-setup";
  const server = await startUnsetServer(port, dataDir);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/`, FIRST_LOAD);
    await expect(page).toHaveURL(/\/setup$/);
    await page.getByLabel("Username").fill("first.admin");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Confirm password").fill("different");
    await page.getByRole("button", { name: "Create Administrator" }).click();
    await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
    await expect(page.getByText("The two passwords differ.")).toBeVisible();
    await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Confirm password")).toHaveAttribute("aria-invalid", "true");
    await shot(page, "ui13b-setup-both-errors");

    // Long enough but still different: only the mismatch is left.
    await page.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
    await page.getByRole("button", { name: "Create Administrator" }).click();
    await expect(page.getByText("The two passwords differ.")).toBeVisible();
    await expect(page.getByText("Use at least 12 characters.")).toHaveCount(0);

    await page.getByLabel("Confirm password").fill("a long enough passphrase");
    await page.getByRole("button", { name: "Create Administrator" }).click();
    await expect(page).toHaveURL(`http://localhost:${port}/`, FIRST_LOAD);
  } finally {
    await context.close();
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  }
});
