import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { FIRST_LOAD, addZscalerTwo, clickUntilVisible, assignUser, shot, signInAsNewReader } from "./support";

// Issue 12: no input may stall the server for other people. Each test does something heavy the way an admin
// (or a Reader) would, while this process asks /api/health every 50 ms: every answer must come within 1 s.

test.describe.configure({ mode: "serial" });

const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? ".e2e-data");

/** Runs `work` while asking /api/health; returns its result and the slowest answer. */
async function whileAskingHealth<T>(request: APIRequestContext, work: () => Promise<T>) {
  let done = false;
  let slowestMs = 0;
  let answers = 0;
  const asking = (async () => {
    while (!done) {
      const started = Date.now();
      const res = await request.get("/api/health", { timeout: 120_000 });
      expect(res.ok()).toBe(true);
      slowestMs = Math.max(slowestMs, Date.now() - started);
      answers++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    return { result: await work(), slowestMs, answers: () => answers };
  } finally {
    done = true;
    await asking;
  }
}

async function createUserWithDepartment(page: Page, u: { displayName: string; nick: string; department: string }) {
  await page.goto("/directory/users/new", FIRST_LOAD);
  await page.getByLabel("Display name").fill(u.displayName);
  await page.getByLabel("User principal name").fill(`${u.nick}@contoso.com`);
  await page.getByLabel("Mail nickname").fill(u.nick);
  await page.getByLabel("Department").fill(u.department);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(u.displayName, FIRST_LOAD);
}

test("catastrophic regular expressions: Test expression and a Reader's scope preview answer, and so does the server", async ({
  page,
  browser,
  baseURL,
  request,
}) => {
  test.setTimeout(300_000);
  // With JavaScript's backtracking RegExp, (a+)+ on 27 letters and a "!" ran for seconds and stopped the server.
  const department = "a".repeat(27) + "!";
  const user = { displayName: `Redos User ${tag}`, nick: `redos.${tag}`, department };
  await createUserWithDepartment(page, user);
  const appId = await addZscalerTwo(page, `Zscaler Two redos ${tag}`);
  await assignUser(page, appId, user.nick, user.displayName);

  await page.goto(`/applications/${appId}/provisioning/mappings/User`, FIRST_LOAD);
  const panel = page.getByRole("dialog", { name: "Edit attribute" });
  await clickUntilVisible(page.getByRole("button", { name: "Edit mapping for userName" }), panel);
  await panel.getByLabel("Mapping type").selectOption("Expression");
  const field = panel.getByLabel("Expression", { exact: true });
  // A construct the linear-time engine does not have is refused as it is typed, with the reason.
  await field.fill('Replace([department], , "a(?=!)", , "x", , )');
  await expect(panel.getByTestId("expression-error")).toContainText("lookahead (?=…) and (?!…) is not supported");
  await field.fill('Replace([department], , "(a+)+$", , "x", , )');
  await expect(panel.getByText("The expression is valid.")).toBeVisible();
  await panel.getByLabel("Search for a user").fill(user.nick);
  await panel
    .getByRole("list", { name: "Matching users" })
    .getByRole("button", { name: new RegExp(user.displayName) })
    .click();
  const tested = await whileAskingHealth(request, async () => {
    await panel.getByRole("button", { name: "Test expression", exact: true }).click();
    await expect(panel.getByTestId("expression-test-result")).toContainText(department);
  });
  expect(tested.slowestMs).toBeLessThan(1000);
  await shot(page, "redos-test-expression");
  await panel.getByRole("button", { name: "Cancel", exact: true }).click();

  // A saved scoping filter REGEX MATCH (a+)+, previewed by a Reader (a GET).
  await page.goto(`/applications/${appId}/provisioning/scoping/User`, FIRST_LOAD);
  await page.getByRole("button", { name: "Add scoping filter" }).click();
  await page.getByLabel("Attribute, clause 1 of filter 1").selectOption("department");
  await page.getByLabel("Operator, clause 1 of filter 1").selectOption({ label: "matches regular expression" });
  await page.getByLabel("Value, clause 1 of filter 1").fill("(a+)+");
  await expect(page.getByTestId("scope-preview")).toContainText("0 of 1 users in scope");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Scoping filters saved." })).toBeVisible();

  const reader = await signInAsNewReader(page, browser, baseURL, `redos-reader-${tag}`);
  try {
    const previewed = await whileAskingHealth(request, async () => {
      const res = await reader.page.request.get(`/api/applications/${appId}/scope-preview?objectType=User`);
      return (await res.json()) as { ok: boolean; data: { inScope: number; total: number } };
    });
    expect(previewed.result).toMatchObject({ ok: true, data: { inScope: 0, total: 1 } });
    expect(previewed.slowestMs).toBeLessThan(1000);
    await reader.page.goto(`/applications/${appId}/provisioning/scoping/User`, FIRST_LOAD);
    await expect(reader.page.getByTestId("scope-preview")).toContainText("0 of 1 users in scope");
  } finally {
    await reader.context.close();
  }
});

test("log downloads: a third at once is refused in the page; large downloads leave the server answering", async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const appId = await addZscalerTwo(page, `Zscaler Two export ${tag}`);
  // 200,000 entries, written into the app's database as the engine would have written them.
  const db = createClient({ url: `file:${path.join(dataDir, "provisio.db")}` });
  try {
    await db.execute("PRAGMA busy_timeout = 10000");
    const job = await db.execute({
      sql: `SELECT "id" FROM "ProvisioningJob" WHERE "applicationId" = ?`,
      args: [appId],
    });
    const jobId = String(job.rows[0].id);
    const steps = JSON.stringify([{ step: "Action", status: "Success", detail: "Created in the target" }]);
    await db.execute({
      sql: `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < 200000)
        INSERT INTO "ProvisioningLogEntry" ("jobId", "at", "objectType", "identity", "displayName", "sourceId", "action", "status", "steps", "durationMs")
        SELECT ?, strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now', '-' || i || ' seconds'), 'User', 'export.' || i || '@contoso.test', 'Export ' || i, 'src-' || i, 'Create', 'Success', ?, 12 FROM n`,
      args: [jobId, steps],
    });
  } finally {
    db.close();
  }

  // Four at once from one person: two run (the whole log each), two are refused with the reason. The downloads
  // are read here, as a browser would, and /api/health is asked through Playwright's own client.
  const big = `/api/logs/export?format=csv&app=${appId}`;
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const downloads = await whileAskingHealth(request, () =>
    Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        await new Promise((r) => setTimeout(r, i * 200));
        const res = await fetch(`${baseURL}${big}`, { headers: { cookie: cookies } });
        if (res.status !== 200)
          return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.text(), lines: 0 };
        let lines = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) lines++;
        }
        return { status: res.status, retryAfter: null, body: "", lines };
      }),
    ),
  );
  const ok = downloads.result.filter((d) => d.status === 200);
  const refused = downloads.result.filter((d) => d.status === 429);
  expect(ok).toHaveLength(2);
  for (const d of ok) expect(d.lines).toBe(200_001);
  expect(refused).toHaveLength(2);
  for (const d of refused) {
    expect(d.retryAfter).toBe("10");
    expect(d.body).toContain("You already have 2 log downloads running (at most 2 at once)");
  }
  expect(downloads.answers()).toBeGreaterThan(5);
  expect(downloads.slowestMs).toBeLessThan(1000);

  // Two downloads this person started and has not finished: the page says why a third does not start.
  const held = await Promise.all([0, 1].map(() => fetch(`${baseURL}${big}`, { headers: { cookie: cookies } })));
  expect(held.map((r) => r.status)).toEqual([200, 200]);
  await page.goto("/logs?q=nobody-matches-this", FIRST_LOAD);
  await page.getByRole("link", { name: "Download CSV" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "The download did not start" });
  await expect(alert).toContainText("You already have 2 log downloads running (at most 2 at once)");
  await shot(page, "export-refused");

  // Once they are given up (the browser went away), the slots come back and the download starts.
  for (const r of held) await r.body?.cancel();
  await expect(async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 3_000 }),
      page.getByRole("link", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^provisioning-logs-.*\.csv$/);
  }).toPass({ timeout: 30_000 });
  await expect(alert).toHaveCount(0);
});

test("a large bulk import shows that it is importing, then the result, while the server keeps answering", async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const users = 30_000;
  const lines = [
    "version:v1.0\r\nName [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,Department [department]\r\n",
  ];
  for (let i = 0; i < users; i++) lines.push(`Bulk ${tag} ${i},bulk${i}.${tag}@bulk.contoso.test,,No,Bulk\r\n`);
  const file = path.join(os.tmpdir(), `provisio-e2e-bulk-${tag}.csv`);
  fs.writeFileSync(file, lines.join(""));

  await page.goto("/directory/import", FIRST_LOAD);
  await page.getByLabel("File to import").setInputFiles(file);
  await expect(page.getByTestId("detected-format")).toContainText("Entra bulk-create CSV");
  const imported = await whileAskingHealth(request, async () => {
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByTestId("import-progress")).toContainText(`Importing provisio-e2e-bulk-${tag}.csv`);
    await expect(page.getByTestId("import-elapsed")).toContainText(/Running for [1-9]\d* s/);
    await shot(page, "import-running");
    await expect(page.getByText(`Import complete: Entra bulk-create CSV: ${users} user rows`)).toBeVisible({
      timeout: 240_000,
    });
  });
  await expect(page.getByText(`Users: ${users} created, 0 updated, 0 unchanged`)).toBeVisible();
  await shot(page, "import-done");
  expect(imported.answers()).toBeGreaterThan(5);
  expect(imported.slowestMs).toBeLessThan(1000);
  fs.rmSync(file, { force: true });
});
