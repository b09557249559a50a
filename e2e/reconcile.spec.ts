import crypto from "node:crypto";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { addZscalerTwo, FIRST_LOAD, readSandboxToken, shot } from "./support";

// Reconciling with the target, as an admin: drift made directly at the built-in sandbox target (through its
// SCIM endpoint, as someone working in the target application would) shows in the drift report, Restart
// provisioning corrects it, and the report is clean afterwards; Run now starts a cycle; after a rejected
// token is fixed and Test Connection passes, Retry now leaves quarantine.

test.describe.configure({ mode: "serial" });

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const upn = (name: string) => `${name}.${run}@reconcile.contoso.com`;

/** The sandbox target's SCIM endpoint, driven directly. */
function sandboxScim(request: APIRequestContext, baseURL: string, token: string) {
  const url = `${baseURL}/api/sandbox/scim/v2`;
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" };
  return {
    async user(userName: string): Promise<Record<string, unknown> & { id: string }> {
      const r = await request.get(`${url}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, {
        headers,
      });
      expect(r.status()).toBe(200);
      const [found] = (await r.json()).Resources;
      expect(found, `${userName} at the target`).toBeTruthy();
      return found;
    },
    async group(displayName: string): Promise<{ id: string; members?: { value: string }[] }> {
      const r = await request.get(`${url}/Groups?filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`, {
        headers,
      });
      const [found] = (await r.json()).Resources;
      expect(found, `${displayName} at the target`).toBeTruthy();
      return found;
    },
    async send(method: string, path: string, data?: unknown) {
      const r = await request.fetch(`${url}${path}`, { method, headers, data });
      expect(r.ok(), `${method} ${path}: ${r.status()}`).toBe(true);
    },
  };
}
const patch = (Operations: unknown[]) => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations });

/** Imports users (and a group of some of them) from Microsoft Graph JSON through the import page. */
async function importDirectory(page: Page, people: string[], group?: { name: string; members: string[] }) {
  const ids = new Map(people.map((n) => [n, crypto.randomUUID()]));
  const value = [
    ...people.map((n) => ({
      "@odata.type": "#microsoft.graph.user",
      id: ids.get(n),
      userPrincipalName: upn(n),
      displayName: `${n} ${run}`,
      accountEnabled: true,
      department: "Reconcile",
    })),
    ...(group
      ? [
          {
            "@odata.type": "#microsoft.graph.group",
            displayName: group.name,
            securityEnabled: true,
            members: group.members.map((n) => ({
              "@odata.type": "#microsoft.graph.user",
              id: ids.get(n),
            })),
          },
        ]
      : []),
  ];
  await page.goto("/directory/import", FIRST_LOAD);
  await page.getByLabel("File to import").setInputFiles({
    name: "directory.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ value })),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText(/Import complete/)).toBeVisible({ timeout: 30_000 });
}

async function assignPrincipal(page: Page, search: string) {
  await page.getByRole("button", { name: "Add user/group" }).click(FIRST_LOAD);
  await page.getByRole("combobox", { name: "Search users and groups" }).fill(search);
  const option = page
    .getByRole("listbox", { name: "Users and groups" })
    .getByRole("option")
    .filter({ hasText: search });
  await expect(option).toHaveCount(1);
  await option.click();
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(/^Assigned .* with the role User\.$/)).toBeVisible();
}

/** Automatic mode with the sandbox's Tenant URL and token, Test Connection, On, Save. */
async function turnOnProvisioning(page: Page, baseURL: string, token: string) {
  await page
    .getByRole("navigation", { name: "Application" })
    .getByRole("link", { name: "Provisioning", exact: true })
    .click();
  await expect(page.getByLabel("Provisioning Mode")).toBeVisible(FIRST_LOAD);
  await page.getByLabel("Provisioning Mode").selectOption("Automatic");
  await page.getByLabel("Tenant URL").fill(`${baseURL}/api/sandbox/scim/v2`);
  await page.getByLabel("Secret Token").fill(token);
  await page.getByRole("button", { name: "Test Connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toBeVisible(FIRST_LOAD);
  await page.getByRole("radiogroup", { name: "Provisioning Status" }).getByText("On", { exact: true }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("The provisioning configuration is saved.")).toBeVisible({ timeout: 30_000 });
  await page.reload(FIRST_LOAD);
}

const statusCard = (page: Page) =>
  page.locator("section").filter({ has: page.getByRole("heading", { name: "Current cycle status" }) });
/** The last cycle's count of one kind, e.g. "Created 5", read from the status card. */
const lastCount = (page: Page, label: string, n: number): Locator =>
  statusCard(page)
    .getByRole("list", { name: "Counts in the last cycle" })
    .getByRole("listitem")
    .filter({ hasText: new RegExp(`^${label}\\s*${n}$`) });

test("drift at the target: the report shows it, Restart corrects it, the report is clean after", async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const groupName = `Reconcile team ${run}`;
  await importDirectory(page, ["kai", "dee", "mo", "xi"], { name: groupName, members: ["kai", "dee", "mo"] });
  await addZscalerTwo(page, `Zscaler Two reconcile ${run}`);
  await page
    .getByRole("navigation", { name: "Application" })
    .getByRole("link", { name: "Users and groups", exact: true })
    .click();
  await assignPrincipal(page, groupName);
  await assignPrincipal(page, `xi ${run}`);
  const token = await readSandboxToken(page);
  await turnOnProvisioning(page, baseURL!, token);
  await expect(lastCount(page, "Created", 5)).toBeVisible({ timeout: 180_000 });

  // The report before anything changed at the target.
  const drift = page.locator("section").filter({ has: page.getByRole("heading", { name: "Drift at the target" }) });
  await drift.getByRole("button", { name: "Check for drift" }).click();
  await expect(drift.getByText("No object differs at the target")).toBeVisible({ timeout: 60_000 });

  // Someone works in the target application: a changed attribute, a deleted user, a removed member (and one
  // added), and an account Provisio never provisioned.
  const scim = sandboxScim(request, baseURL!, token);
  const kai = await scim.user(upn("kai"));
  const dee = await scim.user(upn("dee"));
  const mo = await scim.user(upn("mo"));
  const xi = await scim.user(upn("xi"));
  const team = await scim.group(groupName);
  await scim.send(
    "PATCH",
    `/Users/${kai.id}`,
    patch([{ op: "replace", path: "displayName", value: "Changed at target" }]),
  );
  await scim.send("DELETE", `/Users/${dee.id}`);
  await scim.send(
    "PATCH",
    `/Groups/${team.id}`,
    patch([
      { op: "remove", path: `members[value eq "${mo.id}"]` },
      { op: "add", path: "members", value: [{ value: xi.id }] },
    ]),
  );
  const orphan = upn("contractor");
  await scim.send("POST", "/Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: orphan,
    active: true,
  });

  await drift.getByRole("button", { name: "Check again" }).click();
  await expect(drift.getByText("3 objects differ at the target")).toBeVisible({ timeout: 60_000 });
  const differences = drift.getByRole("table", { name: "Differences at the target" });
  await expect(differences.getByRole("row").filter({ hasText: "displayName" })).toContainText("Changed at target");
  await expect(differences.getByRole("row").filter({ hasText: "displayName" })).toContainText(`kai ${run}`);
  await expect(differences.getByRole("row").filter({ hasText: "Missing at the target" })).toContainText(upn("dee"));
  await expect(differences.getByRole("row").filter({ hasText: "Members missing" })).toContainText(upn("mo"));
  await expect(differences.getByRole("row").filter({ hasText: "Extra members" })).toContainText(upn("xi"));
  await expect(drift.getByRole("table", { name: "Orphaned accounts" })).toContainText(orphan);
  await shot(page, "drift-report-before");

  // Restart provisioning: the initial cycle reads the target and corrects every difference.
  await statusCard(page).getByRole("button", { name: "Restart provisioning" }).click();
  await page.getByRole("dialog", { name: "Restart provisioning?" }).getByRole("button", { name: "Restart" }).click();
  await expect(page.getByText("Restarted: an initial cycle starts now.")).toBeVisible();
  await expect(lastCount(page, "Created", 1)).toBeVisible({ timeout: 180_000 });
  await expect(lastCount(page, "Updated", 1)).toBeVisible();

  expect((await scim.user(upn("kai"))).displayName).toBe(`kai ${run}`);
  const deeAgain = await scim.user(upn("dee"));
  expect(deeAgain.id).not.toBe(dee.id);
  const members = ((await scim.group(groupName)).members ?? []).map((m) => m.value).sort();
  expect(members).toEqual([kai.id, deeAgain.id, mo.id].sort());

  await drift.getByRole("button", { name: "Check again" }).click();
  await expect(drift.getByText("No object differs at the target")).toBeVisible({ timeout: 60_000 });
  // Restart leaves accounts it does not know alone; the report still finds them.
  await expect(drift.getByRole("table", { name: "Orphaned accounts" })).toContainText(orphan);
  await shot(page, "drift-report-after");
});

test("Run now starts a cycle; after a rejected token is fixed and tested, Retry now leaves quarantine", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const name = `runnow ${run}`;
  await importDirectory(page, ["runnow"]);
  await addZscalerTwo(page, `Zscaler Two run now ${run}`);
  await page
    .getByRole("navigation", { name: "Application" })
    .getByRole("link", { name: "Users and groups", exact: true })
    .click();
  await assignPrincipal(page, name);
  await turnOnProvisioning(page, baseURL!, await readSandboxToken(page));
  await expect(lastCount(page, "Created", 1)).toBeVisible({ timeout: 180_000 });
  const provisioning = page.url();

  // A change in the directory, then Run now instead of waiting 40 minutes for the next cycle.
  const editDepartment = async (department: string) => {
    await page.goto(`/directory/users?q=${encodeURIComponent(upn("runnow"))}`, FIRST_LOAD);
    await page.getByRole("table", { name: "Users" }).getByRole("link", { name }).click();
    const edit = page.getByRole("form", { name: "Edit properties" });
    await edit.getByLabel("Department").fill(department);
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved. Changed: department.")).toBeVisible();
    await page.goto(provisioning, FIRST_LOAD);
  };
  // The change reaches the target on its own within seconds: a directory change wakes the job.
  await editDepartment("Run now");
  await expect(lastCount(page, "Updated", 1)).toBeVisible({ timeout: 120_000 });

  // Run now starts the next cycle now instead of in 40 minutes: the Cycles page has one more.
  const cycles = async () => {
    await page.goto(`${provisioning.replace(/\/provisioning$/, "")}/cycles`, FIRST_LOAD);
    const table = page.getByRole("table", { name: "Cycles" });
    await expect(table).toBeVisible();
    return table
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: "Entries" }) })
      .count();
  };
  const before = await cycles();
  await page.goto(provisioning, FIRST_LOAD);
  await expect(statusCard(page).getByRole("button", { name: "Run now" })).toBeEnabled();
  await shot(page, "run-now");
  await statusCard(page).getByRole("button", { name: "Run now" }).click();
  await expect(page.getByText("An incremental cycle starts now.")).toBeVisible();
  await expect.poll(cycles, { timeout: 120_000 }).toBe(before + 1);
  await page.goto(provisioning, FIRST_LOAD);
  await expect(statusCard(page).getByText("Incremental", { exact: true })).toBeVisible();

  // The sandbox's token is regenerated: the job's token is rejected, and the cycle the next change wakes
  // quarantines the job.
  await page.goto("/sandbox", FIRST_LOAD);
  await page.getByRole("button", { name: "Regenerate token" }).click();
  await page.getByRole("button", { name: "Yes, regenerate" }).click();
  await expect(page.getByLabel("Secret Token", { exact: true })).not.toHaveValue("", FIRST_LOAD);
  await editDepartment("Rejected");
  const banner = statusCard(page)
    .getByRole("alert")
    .filter({ hasText: "Provisioning is in quarantine (InvalidCredentials)" });
  await expect(banner).toBeVisible({ timeout: 120_000 });
  await expect(banner.getByRole("button", { name: "Retry now" })).toHaveCount(0);
  await expect(statusCard(page).getByRole("button", { name: "Run now" })).toHaveCount(0);

  // The admin pastes the new token, passes Test Connection and saves: Retry now appears, and runs the cycle.
  const newToken = await readSandboxToken(page);
  await page.getByRole("button", { name: "Replace" }).click();
  await page.getByLabel("Secret Token").fill(newToken);
  await page.getByRole("button", { name: "Test Connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toBeVisible(FIRST_LOAD);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("The provisioning configuration is saved.")).toBeVisible({ timeout: 30_000 });
  await expect(banner.getByRole("button", { name: "Retry now" })).toBeVisible({ timeout: 15_000 });
  await shot(page, "retry-now");
  await banner.getByRole("button", { name: "Retry now" }).click();
  await expect(banner).toHaveCount(0, { timeout: 120_000 });
  await expect(lastCount(page, "Updated", 1)).toBeVisible({ timeout: 120_000 });
  await expect(statusCard(page).getByRole("heading", { name: /Last cycle/ })).toContainText("Succeeded");
});
