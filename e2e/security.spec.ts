import { expect, test, type ConsoleMessage, type Page } from "@playwright/test";

// Security headers and CSP on every page, cross-site posts refused, hostile names shown as text.

const FIRST_LOAD = { timeout: 120_000 };
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

function collectCspViolations(page: Page): string[] {
  const found: string[] = [];
  page.on("console", (m: ConsoleMessage) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text()))
      found.push(`${page.url()}: ${m.text()}`);
  });
  return found;
}

test("security headers on pages, API answers and the sign-in page; no CSP violations while using the app", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  const violations = collectCspViolations(page);
  for (const path of [
    "/",
    "/directory/users",
    "/applications",
    "/applications/gallery",
    "/sandbox",
    "/logs",
    "/account",
    "/admin/users",
  ]) {
    const res = await page.goto(path, FIRST_LOAD);
    expect(res!.status(), path).toBe(200);
    const h = await res!.allHeaders();
    const csp = h["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("object-src 'none'");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("same-origin");
    expect(h["permissions-policy"], path).toContain("camera=()");
    expect(h["x-frame-options"], path).toBe("DENY");
    // Next put the per-request nonce on its scripts, so the page hydrated and works.
    const html = await (await request.get(path)).text();
    expect(html, path).toMatch(/<script[^>]* nonce="[A-Za-z0-9+/=]+"/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // Client-side JavaScript runs under the policy: a client-side search on the users page.
  await page.goto("/directory/users", FIRST_LOAD);
  await page.getByRole("searchbox", { name: "Search users" }).fill("zzz-no-such-user");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=zzz-no-such-user/);
  expect(violations).toEqual([]);

  // Signed out too, and on API answers.
  const signedOut = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const signInPage = await signedOut.newPage();
  const outViolations = collectCspViolations(signInPage);
  const res = await signInPage.goto("/signin", FIRST_LOAD);
  expect((await res!.allHeaders())["content-security-policy"]).toContain("frame-ancestors 'none'");
  await signInPage.getByLabel("Username").fill("x");
  await signInPage.getByRole("button", { name: "Sign in" }).click();
  // The form's script ran: an inline field error, no page load.
  await expect(signInPage.getByText("Enter your password.")).toBeVisible();
  await expect(signInPage).toHaveURL(/\/signin$/);
  expect(outViolations).toEqual([]);
  await signedOut.close();
  for (const api of ["/api/health", "/api/logs"]) {
    const r = await request.get(api);
    expect(r.headers()["x-content-type-options"], api).toBe("nosniff");
    expect(r.headers()["content-security-policy"], api).toContain("default-src 'self'");
  }
});

test("a cross-site form post to a server action is refused", async ({ page, request, baseURL }) => {
  // Find a real server action id: capture the one a page sends.
  await page.goto("/admin/users", FIRST_LOAD);
  let actionId: string | undefined;
  await page.route("**/admin/users", async (route) => {
    const id = route.request().headers()["next-action"];
    if (route.request().method() === "POST" && id) {
      actionId = id;
      await route.abort();
    } else await route.continue();
  });
  await page.getByLabel("Username").fill(`csrf-${run}`);
  await page.getByLabel("Initial password").fill(`csrf-password-${run}`);
  await page.getByRole("button", { name: "Add person" }).click();
  await expect.poll(() => actionId).toBeTruthy();
  await page.unroute("**/admin/users");

  // With the Administrator's own cookie but another site's Origin: refused before the action runs.
  const forged = await request.post("/admin/users", {
    headers: {
      "Next-Action": actionId!,
      Origin: "https://evil.example",
      "Sec-Fetch-Site": "cross-site",
      "Content-Type": "text/plain;charset=UTF-8",
    },
    data: "[]",
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
  expect(await forged.json()).toEqual({ error: "Cross-site request refused." });

  // A real browser on another site auto-submitting a form at the app: refused.
  const evil = "http://evil.test";
  await page.route(`${evil}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<form id="f" method="post" action="${baseURL}/admin/users" enctype="multipart/form-data">
               <input name="username" value="csrf-form-${run}"><input name="password" value="csrf-form-password-1"><input name="role" value="Administrator">
             </form><script>document.getElementById("f").submit()</script>`,
    }),
  );
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${baseURL}/admin/users` && r.request().method() === "POST"),
    page.goto(`${evil}/attack`),
  ]);
  expect(answer.status()).toBe(403);

  await page.goto("/admin/users", FIRST_LOAD);
  await expect(page.getByRole("row").filter({ hasText: `csrf-${run}` })).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: `csrf-form-${run}` })).toHaveCount(0);
});

test("names with HTML or script are shown as text; long and non-ASCII names are kept or refused clearly", async ({
  page,
}) => {
  let dialogs = 0;
  page.on("dialog", async (d) => {
    dialogs++;
    await d.dismiss();
  });
  const hostile = `<img src=x onerror=alert(1)><script>alert(2)</script> ${run}`;
  const nonAscii = `Zoë Ångström 山田太郎 Ødegård ${run}`;

  async function createUser(displayName: string, upnLocal: string) {
    await page.goto("/directory/users/new", FIRST_LOAD);
    await page.getByLabel("Display name").fill(displayName);
    await page.getByLabel("User principal name").fill(`${upnLocal}.${run}@e2e.contoso.com`);
    await page.getByRole("button", { name: "Create user" }).click();
  }

  await createUser(hostile, "hostile");
  await expect(page.getByText("User created.")).toBeVisible(FIRST_LOAD);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("<img src=x onerror=alert(1)>");
  await createUser(nonAscii, "nonascii");
  await expect(page.getByText("User created.")).toBeVisible(FIRST_LOAD);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("山田太郎");

  // Too long: a clear message on the field, nothing saved.
  await createUser("L".repeat(300), "toolong");
  await expect(page.getByText("A display name can be at most 256 characters")).toBeVisible();
  await expect(page).toHaveURL(/\/directory\/users\/new$/);

  // The users table shows both names literally; nothing was injected or executed.
  await page.goto(`/directory/users?q=${run}`, FIRST_LOAD);
  const table = page.getByRole("table", { name: "Users" });
  await expect(table.getByRole("row")).toHaveCount(3); // header + 2
  await expect(table).toContainText("<img src=x onerror=alert(1)><script>alert(2)</script>");
  await expect(table).toContainText(nonAscii);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(
    await page.locator("script").evaluateAll((els) => els.filter((e) => e.textContent?.trim() === "alert(2)").length),
  ).toBe(0);
  await page.waitForTimeout(500);
  expect(dialogs).toBe(0);

  // The same in the Administrator list (names are validated there: markup is refused with a message).
  await page.goto("/admin/users", FIRST_LOAD);
  await page.getByLabel("Username").fill(`<b>x</b>${run}`);
  await page.getByLabel("Initial password").fill(`hostile-password-${run}`);
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText("Use letters, digits and . _ @ + - only (no spaces).")).toBeVisible();
  await page.getByLabel("Username").fill(`zoë-${run}`);
  await page.getByLabel("Display name (optional)").fill(`<img src=x onerror=alert(3)> ${run}`);
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText(`zoë-${run} can now sign in.`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: `zoë-${run}` })).toContainText("<img src=x onerror=alert(3)>");
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toBe(0);
});

test("a Tenant URL that is not http(s) is refused", async ({ page }) => {
  await page.goto("/applications/gallery", FIRST_LOAD);
  await page.getByRole("button", { name: "Add Zscaler Two", exact: true }).click();
  await page.getByLabel("Name").fill(`Hostile URL ${run}`);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/applications\/[0-9a-f-]{36}$/, FIRST_LOAD);
  await page
    .getByRole("navigation", { name: "Application" })
    .getByRole("link", { name: "Provisioning", exact: true })
    .click();
  await expect(page.getByLabel("Provisioning Mode")).toBeVisible(FIRST_LOAD);
  await page.getByLabel("Provisioning Mode").selectOption("Automatic");
  await page.getByLabel("Secret Token").fill("some-token-123");
  for (const bad of ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/scim"]) {
    await page.getByLabel("Tenant URL").fill(bad);
    await page.getByRole("button", { name: "Test Connection" }).click();
    await expect(page.getByLabel("Tenant URL")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#tenantUrl-error")).toContainText(/https?:\/\//);
  }
});

test("a known token never leaks: not in the database, server log, CLI output, log exports or error messages", async ({
  page,
  request,
  baseURL,
}) => {
  // The sandbox's credentials, as an admin copies them.
  await page.goto("/sandbox", FIRST_LOAD);
  const tenantUrl = (await page.getByLabel("Tenant URL", { exact: true }).inputValue()).trim();
  const token = (await page.getByLabel("Secret Token", { exact: true }).inputValue()).trim();
  expect(token.length).toBeGreaterThanOrEqual(16);
  const wrongToken = `wrong-${token}`;

  await page.goto("/applications/gallery", FIRST_LOAD);
  await page.getByRole("button", { name: "Add Zscaler Two", exact: true }).click();
  await page.getByLabel("Name").fill(`Leak check ${run}`);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/applications\/[0-9a-f-]{36}$/, FIRST_LOAD);
  const appId = page.url().split("/").pop()!;
  await page
    .getByRole("navigation", { name: "Application" })
    .getByRole("link", { name: "Provisioning", exact: true })
    .click();
  await expect(page.getByLabel("Provisioning Mode")).toBeVisible(FIRST_LOAD);
  await page.getByLabel("Provisioning Mode").selectOption("Automatic");
  await page.getByLabel("Tenant URL").fill(tenantUrl);

  // A wrong token: the error message names the failure, not the token.
  await page.getByLabel("Secret Token").fill(wrongToken);
  await page.getByRole("button", { name: "Test Connection" }).click();
  const failure = page.getByRole("alert").filter({ hasText: "Test Connection failed" });
  await expect(failure).toBeVisible(FIRST_LOAD);
  expect(await page.locator("main").innerText()).not.toContain(token);

  await page.getByLabel("Secret Token").fill(token);
  await page.getByRole("button", { name: "Test Connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection succeeded" })).toBeVisible(FIRST_LOAD);
  await page.getByLabel("Scope", { exact: true }).selectOption({ label: "Sync all users and groups" });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "The provisioning configuration is saved." })).toBeVisible();
  // After saving, the page never shows the token again.
  await page.reload();
  await expect(page.getByLabel("Provisioning Mode")).toHaveValue("Automatic", FIRST_LOAD);
  expect(await page.content()).not.toContain(token);

  // A full provisioning cycle with the token, through the command line (same database as the app).
  const { execFileSync } = await import("node:child_process");
  const path = await import("node:path");
  const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? ".e2e-data");
  const cliEnv: NodeJS.ProcessEnv = { ...process.env, PROVISIO_DATA_DIR: dataDir, PROVISIO_BASE_URL: baseURL! };
  delete cliEnv.DATABASE_URL;
  let cliOutput = "";
  try {
    cliOutput = execFileSync("npx", ["tsx", "bin/provisio.ts", "sync", appId], {
      env: cliEnv,
      encoding: "utf8",
      timeout: 180_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    cliOutput = `${err.stdout ?? ""}\n${err.stderr ?? ""}`;
  }
  const summary = JSON.parse(
    cliOutput
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .pop() ?? "{}",
  ) as { status?: string };
  expect(summary.status, cliOutput.slice(0, 2000)).toBe("Succeeded");
  expect(cliOutput).not.toContain(token);
  const logsCli = execFileSync("npx", ["tsx", "bin/provisio.ts", "logs", appId, "--limit", "1000"], {
    env: cliEnv,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(logsCli.split("\n").filter(Boolean).length).toBeGreaterThan(0); // the cycle wrote provisioning log entries
  expect(logsCli).not.toContain(token);

  // Exports of the provisioning logs, CSV and JSON.
  for (const format of ["csv", "json"]) {
    const res = await request.get(`/api/logs/export?format=${format}`);
    expect(res.status()).toBe(200);
    const body = await res.text();
    expect(body.length).toBeGreaterThan(0);
    expect(body).not.toContain(token);
  }

  // Everything stored: log entries, audit trail, outbox, settings: the token exists only as ciphertext.
  const fs = await import("node:fs");
  for (const file of ["provisio.db", "provisio.db-wal"]) {
    const full = path.join(dataDir, file);
    if (!fs.existsSync(full)) continue;
    expect(fs.readFileSync(full).includes(Buffer.from(token)), `${file} holds the token in plain text`).toBe(false);
  }

  // The server's own output during all of this.
  const serverLog = path.join((await import("node:os")).tmpdir(), `provisio-e2e-server-${new URL(baseURL!).port}.log`);
  expect(fs.existsSync(serverLog)).toBe(true);
  const logText = fs.readFileSync(serverLog, "utf8");
  expect(logText.length).toBeGreaterThan(0);
  expect(logText).not.toContain(token);
});
