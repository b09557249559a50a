import { chromium, type FullConfig } from "@playwright/test";

/** The Administrator the e2e server creates from PROVISIO_ADMIN_USERNAME/PASSWORD (see playwright.config.ts). */
export const E2E_ADMIN = { username: "e2e-admin", password: "e2e-admin-password-1234" } as const;

/**
 * Signs in once (through the sign-in endpoint the sign-in page uses) and saves the session cookie, so every spec runs as an
 * Administrator (use.storageState in playwright.config.ts). Specs that need to be signed out use
 * `test.use({ storageState: { cookies: [], origins: [] } })`.
 */
export default async function globalSetup(config: FullConfig) {
  const use = config.projects[0]!.use;
  const browser = await chromium.launch(use.launchOptions);
  try {
    const page = await browser.newPage({ baseURL: use.baseURL });
    // The same request the sign-in form sends. Posting it directly (rather than typing into the page) keeps
    // the set-up immune to dev-mode page reloads while other files change; e2e/auth.spec.ts covers the form.
    const origin = new URL(use.baseURL!).origin;
    const answer = await page.request.post("/api/auth/signin", {
      data: { username: E2E_ADMIN.username, password: E2E_ADMIN.password },
      headers: { Origin: origin },
      timeout: 240_000,
    });
    if (!answer.ok())
      throw new Error(
        `Global setup could not sign in as ${E2E_ADMIN.username}: ${answer.status()} ${await answer.text()}`,
      );
    // The first compile of "/" in dev mode can take a while; check the session works on a real page.
    for (let attempt = 1; ; attempt++) {
      try {
        await page.goto("/", { timeout: 240_000 });
        await page.getByRole("button", { name: "Sign out" }).waitFor({ timeout: 240_000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    await page.context().storageState({ path: use.storageState as string });
  } finally {
    await browser.close();
  }
}
