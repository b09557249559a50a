import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { E2E_OIDC } from "../lib/auth/oidc-test-accounts";

// Single sign-on with a real OpenID Connect provider (oidc-provider, started by playwright.config.ts as its
// own process on 127.0.0.1): a person clicks "Sign in with Contoso", signs in at the provider's own page,
// and lands in Provisio with the role their groups give them. alice: Administrator, bob: Reader, mallory: refused.

const FIRST_LOAD = { timeout: 120_000 };

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);
test.use({ storageState: { cookies: [], origins: [] } });

/** The page's error message (not Next's empty route announcer, which also has role="alert"). */
const errorAlert = (page: Page) => page.getByRole("alert").filter({ hasText: /\S/ });

/** From Provisio's sign-in page to the provider's login page and back, as `login` (the provider takes any password). */
async function signInWithContoso(page: Page, login: string, opts: { cancel?: boolean } = {}) {
  await page.getByRole("link", { name: "Sign in with Contoso" }).click();
  // The provider's own page, on another site.
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/interaction\//, FIRST_LOAD);
  if (opts.cancel) {
    await page.getByRole("link", { name: "[ Cancel ]" }).click();
    return;
  }
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("whatever-the-provider-accepts");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // First visit: the provider asks to share the profile with Provisio.
  await page.getByRole("button", { name: "Continue" }).click();
}

test("the sign-in page offers the company's provider next to the password form", async ({ page }) => {
  await page.goto("/signin", FIRST_LOAD);
  const sso = page.getByRole("link", { name: "Sign in with Contoso" });
  await expect(sso).toBeVisible();
  await expect(sso).toHaveAttribute("href", "/api/auth/oidc/start");
  await expect(page.getByText("or with a Provisio password")).toBeVisible();
  await expect(page.getByLabel("Username")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await page.screenshot({ path: path.join(test.info().outputDir, "signin-with-sso.png"), fullPage: true });
});

test("alice signs in at the provider and lands in Provisio as an Administrator, marked as SSO", async ({ page }) => {
  await page.goto("/signin", FIRST_LOAD);
  await signInWithContoso(page, "alice");
  await expect(page).toHaveURL((u) => u.host.startsWith("localhost") && u.pathname === "/", FIRST_LOAD);
  const menu = page.getByRole("group", { name: "Signed-in user" });
  await expect(menu.getByRole("link", { name: "Alice Admin" })).toBeVisible();
  await expect(page.getByTestId("current-role")).toHaveText("Administrator");

  await page.goto("/account", FIRST_LOAD);
  await expect(page.getByText("Single sign-on", { exact: true })).toBeVisible();
  await expect(page.getByText("You sign in with Contoso, so Provisio keeps no password for you.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Change password" })).toHaveCount(0);
  await page.screenshot({ path: path.join(test.info().outputDir, "account-sso.png"), fullPage: true });

  // People: alice is listed as an SSO person whose role comes from her groups; no password to set.
  await page.goto("/admin/users", FIRST_LOAD);
  const row = page.getByRole("row").filter({ hasText: "Alice Admin" });
  await expect(row.getByText("SSO (Contoso)")).toBeVisible();
  await expect(row.getByLabel("Role of alice")).toBeDisabled();
  await expect(row.getByText("Role from their groups at sign-in")).toBeVisible();
  await expect(row.getByRole("button", { name: "Set password" })).toHaveCount(0);
  // The single sign-on card shows how it is set up, never the client secret.
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Single sign-on" }) });
  await expect(card.getByText(E2E_OIDC.clientId, { exact: true })).toBeVisible();
  await expect(card.getByText(/^http:\/\/localhost:\d+\/api\/auth\/oidc\/callback$/)).toBeVisible();
  await expect(card).toContainText(
    "From the groups claim at every sign-in. Administrator: provisio-admins. Reader: provisio-readers.",
  );
  expect(await page.content()).not.toContain(E2E_OIDC.clientSecret);
  await page.screenshot({ path: path.join(test.info().outputDir, "people-sso.png"), fullPage: true });

  // A password sign-in as alice does not work: she has no Provisio password.
  const answer = await page.request.post("/api/auth/signin", {
    data: { username: "alice", password: "whatever-the-provider-accepts" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(answer.status()).toBe(401);
});

test("bob is a Reader and comes back to the page he asked for", async ({ page }) => {
  await page.goto("/logs", FIRST_LOAD);
  await expect(page).toHaveURL(/\/signin\?next=%2Flogs/);
  await expect(page.getByRole("link", { name: "Sign in with Contoso" })).toHaveAttribute(
    "href",
    "/api/auth/oidc/start?next=%2Flogs",
  );
  await signInWithContoso(page, "bob");
  await expect(page).toHaveURL((u) => u.host.startsWith("localhost") && u.pathname === "/logs", FIRST_LOAD);
  await expect(page.getByTestId("current-role")).toHaveText("Reader");
});

test("mallory, in no Provisio group, is refused with a clear message and no token in the address", async ({ page }) => {
  await page.goto("/signin", FIRST_LOAD);
  await signInWithContoso(page, "mallory");
  await expect(page).toHaveURL(/\/signin\?error=sso_not_allowed$/, FIRST_LOAD);
  await expect(errorAlert(page)).toHaveText(
    "Your account is not allowed to use Provisio. Ask an Administrator to add you to the right group.",
  );
  await page.screenshot({ path: path.join(test.info().outputDir, "signin-refused.png"), fullPage: true });
  // Still signed out: a page sends her back to sign-in.
  await page.goto("/logs", FIRST_LOAD);
  await expect(page).toHaveURL(/\/signin\?next=%2Flogs/);
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("provisio_session");
});

test("cancelling at the provider comes back with a message; a forged callback is refused; the secret is never logged", async ({
  page,
  request,
}) => {
  await page.goto("/signin", FIRST_LOAD);
  await signInWithContoso(page, "alice", { cancel: true });
  await expect(page).toHaveURL(/\/signin\?error=sso_denied$/, FIRST_LOAD);
  await expect(errorAlert(page)).toHaveText("Sign-in was cancelled or refused at Contoso.");

  // A callback that was never started here (no sealed cookie): refused, never a stack trace.
  await page.goto("/api/auth/oidc/callback?code=stolen-code&state=forged-state", FIRST_LOAD);
  await expect(page).toHaveURL(/\/signin\?error=sso_state$/);
  await expect(errorAlert(page)).toContainText("This sign-in could not be verified");

  const res = await request.get("/api/auth/oidc/callback?code=x&state=y", { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()["location"]).toMatch(/\/signin\?error=sso_state$/);

  const logFile = path.join(os.tmpdir(), `provisio-e2e-server-${new URL(page.url()).port}.log`);
  const log = fs.readFileSync(logFile, "utf8");
  expect(log).toContain("Single sign-on: added alice as Administrator");
  expect(log).toContain("Single sign-on: refused mallory");
  expect(log).not.toContain(E2E_OIDC.clientSecret);
});
