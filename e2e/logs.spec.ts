import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { FIRST_LOAD, addZscalerTwo } from "./support";

// Provisioning logs, as an admin reads them: filters kept in the URL, the detail panel's four sections,
// the live view, and the CSV/JSON downloads. The entries are written the way the engine writes them,
// through lib/ into the app's own database (E2E_DATA_DIR), for an application created in the UI.

const dataDir = process.env.E2E_DATA_DIR ?? ".e2e-data";
const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function shot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/logs-${name}.png`, fullPage: true });
}

// eslint-disable-next-line @typescript-eslint/consistent-type-imports -- the modules are loaded lazily below
type Fixtures = typeof import("../lib/logs/test-support/log-fixtures") & typeof import("../lib/db/prisma");

/** lib/ on the app's database file; required lazily so DATABASE_URL is set before the Prisma client exists. */
async function lib(): Promise<Fixtures> {
  process.env.DATABASE_URL = `file:${path.resolve(dataDir, "provisio.db")}`;
  // Playwright compiles specs to CommonJS; require goes through its TypeScript loader.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { ...require("../lib/logs/test-support/log-fixtures"), ...require("../lib/db/prisma") } as Fixtures;
}

test.describe.configure({ mode: "serial" });

let appId = "";
let appName = "";
let cycleId = "";
let jobId = "";

test("seed: an application created in the UI, with a cycle's log entries", async ({ page }) => {
  test.setTimeout(180_000);
  appName = `Logs App ${tag}`;
  appId = await addZscalerTwo(page, appName);
  const { prisma, makeCycle, writeLogEntries } = await lib();
  jobId = (await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: appId } })).id;
  const now = Date.now();
  const older = await makeCycle(jobId, {
    type: "Initial",
    startedAt: new Date(now - 3 * 3600_000),
    endedAt: new Date(now - 3 * 3600_000 + 5000),
    created: 1,
  });
  const cycle = await makeCycle(jobId, {
    type: "Incremental",
    status: "Warning",
    startedAt: new Date(now - 60_000),
    endedAt: new Date(now - 50_000),
    updated: 1,
    failed: 1,
  });
  cycleId = cycle.id;
  await writeLogEntries(jobId, [
    {
      at: new Date(now - 3 * 3600_000),
      cycleId: older.id,
      identity: `zoe.quinn.${tag}@contoso.test`,
      displayName: `Zoe Quinn ${tag}`,
      sourceId: `src-zoe-${tag}`,
      targetId: `tgt-zoe-${tag}`,
      action: "Create",
    },
    {
      at: new Date(now - 55_000),
      cycleId,
      identity: `yuri.ng.${tag}@contoso.test`,
      displayName: `Yuri Ng ${tag}`,
      sourceId: `src-yuri-${tag}`,
      action: "Update",
      status: "Failure",
      errorCode: "ScimUnauthorized401",
      errorDetail: "The target refused the Secret Token (401 Unauthorized)",
      modifiedProperties: [{ name: "department", oldValue: "Sales", newValue: "Marketing" }],
      steps: [
        { step: "Import", status: "Success", detail: "Read from the source directory" },
        { step: "Scope", status: "Success", detail: "In scope: assigned with the role User" },
        { step: "Match", status: "Success", detail: "Matched on userName" },
        { step: "Action", status: "Failure", detail: "PATCH refused by the target" },
      ],
    },
    {
      at: new Date(now - 54_000),
      cycleId,
      identity: `=HYPERLINK("http://evil.test")`,
      displayName: `@Evil ${tag}`,
      sourceId: `src-evil-${tag}`,
      action: "Update",
    },
  ]);
});

test("filters: status, identity, cycle and application, kept in the URL", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/applications/${appId}/logs`, FIRST_LOAD);
  const table = page.getByRole("table", { name: "Provisioning log entries" });
  await expect(table.getByRole("button", { name: new RegExp(`Zoe Quinn ${tag}`) })).toBeVisible(FIRST_LOAD);
  await expect(table.getByRole("button", { name: new RegExp(`Yuri Ng ${tag}`) })).toBeVisible();
  await shot(page, "app");

  await page.getByLabel("Status", { exact: true }).selectOption("Failure");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/logs\?status=Failure$/); // only what is set, so the link stays short
  await expect(table.getByRole("button", { name: new RegExp(`Yuri Ng ${tag}`) })).toBeVisible();
  await expect(table.getByRole("button", { name: new RegExp(`Zoe Quinn ${tag}`) })).toHaveCount(0);

  // The URL is shareable: opening it again shows the same filtered view.
  const shared = page.url();
  await page.goto(shared);
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("Failure");
  await expect(table.getByRole("row")).toHaveCount(2); // header + Yuri

  await page.getByRole("link", { name: "Reset" }).click();
  await expect(page).toHaveURL(/\/logs$/);
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("");
  await page.getByLabel("Identity", { exact: true }).fill(`ZOE.QUINN.${tag}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/q=ZOE/);
  await expect(table.getByRole("button", { name: new RegExp(`Zoe Quinn ${tag}`) })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(2);

  await page.getByLabel("Identity", { exact: true }).fill(`src-yuri-${tag}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(table.getByRole("button", { name: new RegExp(`Yuri Ng ${tag}`) })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(2);

  // A cycle link filters by that cycle.
  await page.getByRole("link", { name: "Reset" }).click();
  await expect(page).toHaveURL(/\/logs$/);
  await page
    .getByRole("link", { name: cycleId.slice(0, 8) })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`cycle=${cycleId}`));
  await expect(page.getByLabel("Cycle id", { exact: true })).toHaveValue(cycleId);
  await expect(table.getByRole("row")).toHaveCount(3); // header + Yuri + Evil
  await expect(table.getByRole("button", { name: new RegExp(`Zoe Quinn ${tag}`) })).toHaveCount(0);

  // All applications, narrowed to this one.
  await page.goto("/logs", FIRST_LOAD);
  await page.getByLabel("Application", { exact: true }).selectOption({ label: appName });
  await page.getByLabel("Date", { exact: true }).selectOption("24h");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`app=${appId}`));
  await expect(table.getByRole("row")).toHaveCount(4); // header + Zoe (3 h ago), Yuri and Evil: all this app's
  await expect(table.getByRole("link", { name: appName }).first()).toBeVisible();
  await shot(page, "all");
});

test("detail panel: steps, troubleshooting with the template's advice, modified properties, summary", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(`/applications/${appId}/logs`, FIRST_LOAD);
  await page.getByRole("button", { name: new RegExp(`Yuri Ng ${tag}`) }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: `Yuri Ng ${tag}` })).toBeVisible(FIRST_LOAD);

  // A failure opens on the advice.
  await expect(dialog.getByRole("tab", { name: "Troubleshooting & Recommendations" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(dialog.getByText(`The Secret Token was rejected by ${appName} (401)`)).toBeVisible();
  await expect(dialog.getByText(/Administration > Authentication Settings/)).toBeVisible();
  await shot(page, "detail-troubleshooting");

  await dialog.getByRole("tab", { name: "Steps" }).click();
  const panel = dialog.getByRole("tabpanel");
  for (const step of ["Import", "Scope", "Match", "Action"])
    await expect(panel.getByText(step, { exact: true })).toBeVisible();
  await expect(panel.getByText("PATCH refused by the target")).toBeVisible();

  await dialog.getByRole("tab", { name: "Modified Properties" }).click();
  const row = dialog.getByRole("table", { name: "Modified properties" }).getByRole("row", { name: /department/ });
  await expect(row).toContainText("Sales");
  await expect(row).toContainText("Marketing");

  await dialog.getByRole("tab", { name: "Summary" }).click();
  await expect(dialog.getByText(`src-yuri-${tag}`)).toBeVisible();
  await expect(dialog.getByText(new RegExp(`Incremental · Warning · ${cycleId}`))).toBeVisible();
  await shot(page, "detail-summary");

  await dialog.getByRole("button", { name: "Close details" }).click();
  await expect(dialog).toBeHidden();
});

test("live view: an entry written while the page is open appears without a reload", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/applications/${appId}/logs`, FIRST_LOAD);
  await expect(page.getByText("Live updates on")).toBeVisible(FIRST_LOAD);
  const { writeLogEntries } = await lib();
  await writeLogEntries(jobId, [
    { cycleId, identity: `live.one.${tag}@contoso.test`, displayName: `Live One ${tag}`, action: "Create" },
  ]);
  await expect(page.getByRole("button", { name: new RegExp(`Live One ${tag}`) })).toBeVisible({ timeout: 30_000 });
});

test("downloads: CSV with formulas neutralised, and JSON, for the filtered set", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/applications/${appId}/logs?cycle=${cycleId}`, FIRST_LOAD);
  await expect(page.getByRole("button", { name: new RegExp(`Yuri Ng ${tag}`) })).toBeVisible(FIRST_LOAD);

  const [csvDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  expect(csvDownload.suggestedFilename()).toMatch(/^provisioning-logs-.*\.csv$/);
  const csv = fs.readFileSync((await csvDownload.path())!, "utf8");
  expect(csv).toContain(`Yuri Ng ${tag}`);
  expect(csv).not.toContain(`Zoe Quinn ${tag}`); // another cycle: filtered out
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
  expect(csv).toContain(`'@Evil ${tag}`);
  for (const line of csv.split("\r\n")) for (const cell of line.split(",")) expect(cell).not.toMatch(/^"?[=+@]/);

  const [jsonDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download JSON" }).click(),
  ]);
  const rows = JSON.parse(fs.readFileSync((await jsonDownload.path())!, "utf8")) as {
    identity: string;
    cycleId: string;
  }[];
  expect(rows.length).toBeGreaterThanOrEqual(2);
  expect(rows.every((r) => r.cycleId === cycleId)).toBe(true);
  expect(rows.map((r) => r.identity)).toContain(`yuri.ng.${tag}@contoso.test`);
});

test("cycle history and audit trail pages", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/applications/${appId}/cycles`, FIRST_LOAD);
  await expect(page.getByRole("heading", { name: "Operations per cycle" })).toBeVisible(FIRST_LOAD);
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  const cycles = page.getByRole("table", { name: "Cycles" });
  await expect(cycles.getByRole("row")).toHaveCount(3);
  await expect(cycles.getByText("Incremental")).toBeVisible();
  await shot(page, "cycles");
  await cycles
    .getByRole("link", { name: /Log entries of the cycle/ })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`cycle=${cycleId}`));

  await page.goto(`/applications/${appId}/audit`, FIRST_LOAD);
  const audit = page.getByRole("table", { name: "Audit events" });
  await expect(audit.getByText("Application created")).toBeVisible(FIRST_LOAD);
  await expect(audit.getByText(appName)).toBeVisible();
  await shot(page, "audit");
});
