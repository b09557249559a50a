import fs from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type Browser, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./global-setup";

// Sign-in, sign-out, roles and rate limiting, driven like a person would. Most tests start signed out
// (a fresh context without the Administrator's saved cookie).

const FIRST_LOAD = { timeout: 120_000 };
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const SIGNED_OUT = { cookies: [], origins: [] };

test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

/** Every page of the app, found on disk so a new page is covered without editing this test. */
function allPages(): string[] {
  const root = path.resolve(__dirname, "../app");
  const pages: string[] = [];
  const walk = (dir: string, route: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const name = entry.name;
        if (name.startsWith("_") || name === "api") continue;
        const segment = name.startsWith("(")
          ? ""
          : name.startsWith("[")
            ? "x0000000-0000-4000-8000-000000000000"
            : name;
        walk(path.join(dir, name), segment ? `${route}/${segment}` : route);
      } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
        pages.push(route || "/");
      }
    }
  };
  walk(root, "");
  return pages.filter((p) => p !== "/signin" && p !== "/setup").sort();
}

async function signInAs(page: Page, username: string, password: string, landing = "/") {
  await page.goto("/signin", FIRST_LOAD);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL((u) => u.pathname === landing, FIRST_LOAD);
}

async function newSignedOutPage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  return { context, page: await context.newPage() };
}

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("every page redirects to sign-in, API routes answer 401, health and SCIM stay reachable", async ({
    page,
    request,
  }) => {
    const pages = allPages();
    // The pages this app has today must all be among them.
    for (const known of [
      "/",
      "/directory/users",
      "/directory/groups",
      "/directory/import",
      "/applications",
      "/applications/gallery",
      "/sandbox",
      "/logs",
      "/account",
      "/admin/users",
    ]) {
      expect(pages).toContain(known);
    }
    expect(pages.some((p) => p.startsWith("/applications/x0000000") && p.endsWith("/provisioning"))).toBe(true);

    for (const p of pages) {
      const res = await request.get(p, { maxRedirects: 0 });
      expect(res.status(), `${p} should redirect`).toBe(307);
      const location = new URL(res.headers()["location"]!, "http://x");
      expect(location.pathname, `${p} should go to sign-in`).toBe("/signin");
      if (p !== "/") expect(location.searchParams.get("next")).toBe(p);
    }

    // In a browser: the sign-in page, and after signing in, the page asked for.
    await page.goto("/directory/groups", FIRST_LOAD);
    await expect(page).toHaveURL(/\/signin\?next=%2Fdirectory%2Fgroups$/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);

    for (const api of [
      "/api/logs",
      "/api/logs/export?format=csv",
      "/api/jobs/x/progress",
      "/directory/import/template",
    ]) {
      const res = await request.get(api, { maxRedirects: 0 });
      expect([401, 307], api).toContain(res.status());
      if (api.startsWith("/api/")) {
        expect(res.status(), api).toBe(401);
        expect(await res.json()).toEqual({ error: "Sign in first." });
      }
    }
    const postAction = await request.post("/applications", {
      headers: { "Next-Action": "0".repeat(42), Origin: new URL(page.url()).origin },
      data: "[]",
    });
    expect(postAction.status()).toBe(401);

    expect((await request.get("/api/health")).status()).toBe(200);
    // SCIM answers with its own 401 (bearer token), not a redirect to sign-in.
    const scim = await request.get("/api/sandbox/scim/v2/Users", { maxRedirects: 0 });
    expect(scim.status()).toBe(401);
    expect(scim.headers()["location"]).toBeUndefined();
    // Set-up is gone once an admin exists.
    const setup = await request.get("/setup", { maxRedirects: 0 });
    expect(setup.status()).toBe(307);
    expect(setup.headers()["location"]).toContain("/signin");
  });

  test("sign in and out; the old cookie is dead after signing out; the cookie is httpOnly and SameSite=Lax", async ({
    page,
    browser,
    baseURL,
  }) => {
    await page.goto("/applications", FIRST_LOAD);
    await expect(page).toHaveURL(/\/signin\?next=%2Fapplications$/);
    await page.getByLabel("Username").fill(E2E_ADMIN.username);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("The username or password is not correct.");
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/auth-signin-error.png` });

    await page.getByLabel("Username").fill(E2E_ADMIN.username);
    await page.getByLabel("Password").fill(E2E_ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/applications$/, FIRST_LOAD);
    const menu = page.getByLabel("Signed-in user");
    await expect(menu).toContainText(E2E_ADMIN.username);
    await expect(menu).toContainText("Administrator");
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/auth-signed-in.png` });

    const cookie = (await page.context().cookies()).find((c) => c.name === "provisio_session");
    expect(cookie).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe("Lax");
    expect(cookie!.secure).toBe(false); // http in tests; Secure is set over https

    // Signing in again on this browser replaces the session: the previous one ends on the server.
    const again = await page.request.post("/api/auth/signin", {
      data: { username: E2E_ADMIN.username, password: E2E_ADMIN.password },
    });
    expect(again.ok()).toBe(true);
    const renewed = (await page.context().cookies()).find((c) => c.name === "provisio_session");
    expect(renewed?.value).toBeTruthy();
    expect(renewed!.value).not.toBe(cookie!.value);
    {
      const { context, page: other } = await newSignedOutPage(browser, baseURL);
      await context.addCookies([cookie!]);
      await other.goto("/applications");
      await expect(other).toHaveURL(/\/signin/);
      await context.close();
    }
    await page.reload();
    await expect(menu).toContainText(E2E_ADMIN.username);

    await menu.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
    await expect(page.getByText("You are signed out.")).toBeVisible();
    await page.goto("/applications");
    await expect(page).toHaveURL(/\/signin/);

    // Putting the old cookie back does not help: the session ended on the server.
    const { context, page: other } = await newSignedOutPage(browser, baseURL);
    await context.addCookies([renewed!]);
    await other.goto("/applications");
    await expect(other).toHaveURL(/\/signin/);
    await context.close();
  });

  test("too many failed sign-ins are refused with a clear message", async ({ page }) => {
    const username = `locked-${run}`;
    await page.goto("/signin", FIRST_LOAD);
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill(`wrong-password-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.locator("form").getByRole("alert")).toHaveText("The username or password is not correct.");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    }
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill("wrong-password-again");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText(
      /Too many failed sign-in attempts\. Wait (up to )?1[45] minutes and try again\./,
    );
  });

  test("a forged X-Forwarded-For does not buy more guesses", async ({ baseURL }) => {
    // No PROVISIO_TRUSTED_PROXIES here: the client is the TCP peer, whatever it claims to be forwarded for.
    const api = await playwrightRequest.newContext({ baseURL, storageState: SIGNED_OUT });
    const username = `forged-${run}`;
    const answers: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await api.post("/api/auth/signin", {
        data: { username, password: `guess-${i}` },
        headers: { "x-forwarded-for": `198.51.100.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` },
      });
      answers.push(res.status());
    }
    expect(answers).toEqual([401, 401, 401, 401, 401, 429, 429]);
    await api.dispose();
  });
});

test("a Reader can look but not change anything, even by replaying a server action", async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const readerName = `reader-${run}`;
  const readerPassword = `reader-password-${run}`;

  // The Administrator adds a Reader through the UI.
  await page.goto("/admin/users", FIRST_LOAD);
  await page.getByLabel("Username").fill(readerName);
  await page.getByLabel("Initial password").fill(readerPassword);
  await page.getByLabel("Role", { exact: true }).selectOption("Reader");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText(`${readerName} can now sign in.`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: readerName })).toContainText("Reader");

  // Capture the Administrator's "Add person" server action without letting it reach the server.
  const victim = `replayed-${run}`;
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
  await page.route("**/admin/users", async (route) => {
    const req = route.request();
    if (req.method() === "POST" && req.headers()["next-action"]) {
      captured = { url: req.url(), headers: req.headers(), body: req.postDataBuffer()! };
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await page.getByLabel("Username").fill(victim);
  await page.getByLabel("Initial password").fill(`victim-password-${run}`);
  await page.getByLabel("Role", { exact: true }).selectOption("Administrator");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect.poll(() => Boolean(captured)).toBe(true);
  await page.unroute("**/admin/users");
  const headers = Object.fromEntries(Object.entries(captured!.headers).filter(([k]) => k !== "cookie"));
  headers["origin"] = new URL(captured!.url).origin;

  // The Reader signs in and sees pages, with their role shown.
  const { context: readerContext, page: readerPage } = await newSignedOutPage(browser, baseURL);
  await signInAs(readerPage, readerName, readerPassword);
  await expect(readerPage.getByLabel("Signed-in user")).toContainText("Reader");
  await readerPage.goto("/applications", FIRST_LOAD);
  await expect(readerPage.getByRole("heading", { level: 1 })).toBeVisible();
  await readerPage.goto("/admin/users", FIRST_LOAD);
  await expect(readerPage.getByText("Only Administrators manage who can sign in.")).toBeVisible();
  await expect(readerPage.getByRole("button", { name: "Add person" })).toHaveCount(0);

  // Replaying the captured action with the Reader's cookie is refused by the server...
  const asReader = await playwrightRequest.newContext({ baseURL, storageState: await readerContext.storageState() });
  const refused = await asReader.post(captured!.url, { headers, data: captured!.body, maxRedirects: 0 });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({ error: "Readers can view but not change anything. Ask an Administrator." });
  // ...and so is any other state-changing request.
  const otherPost = await asReader.post("/applications", {
    headers: { "Next-Action": captured!.headers["next-action"]!, Origin: headers["origin"]! },
    data: "[]",
  });
  expect(otherPost.status()).toBe(403);
  await asReader.dispose();

  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: victim })).toHaveCount(0);

  // The same replay with the Administrator's cookie works, so the refusal above is the Reader's role.
  const asAdmin = await playwrightRequest.newContext({
    baseURL,
    storageState: testInfo.project.use.storageState as string,
  });
  const accepted = await asAdmin.post(captured!.url, { headers, data: captured!.body, maxRedirects: 0 });
  expect(accepted.status()).toBe(200);
  await asAdmin.dispose();
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: victim })).toBeVisible();

  // A Reader may still change their own password.
  await readerPage.goto("/account", FIRST_LOAD);
  await readerPage.getByLabel("Current password").fill(readerPassword);
  await readerPage.getByLabel("New password", { exact: true }).fill(`${readerPassword}-new`);
  await readerPage.getByLabel("Confirm new password").fill(`${readerPassword}-new`);
  await readerPage.getByRole("button", { name: "Change password" }).click();
  await expect(readerPage.getByText("Password changed.")).toBeVisible();

  // Demoting takes effect at once: the Administrator removes the Reader, whose next request is signed out.
  await page.getByRole("row").filter({ hasText: readerName }).getByRole("button", { name: "Remove" }).click();
  await page.getByRole("button", { name: "Yes, remove" }).click();
  await expect(page.getByRole("row").filter({ hasText: readerName })).toHaveCount(0);
  await readerPage.goto("/applications");
  await expect(readerPage).toHaveURL(/\/signin/);
  await readerContext.close();
});
