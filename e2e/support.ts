import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";

// Steps several specs take the same way, written once.

/** The first request of each page compiles it in dev mode, so first navigations get generous timeouts. */
export const FIRST_LOAD = { timeout: 120_000 };

/** Screenshots for reviewing pages by eye: only when E2E_SCREENSHOTS names a folder. */
export async function shot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** Clicks until `opened` shows: right after a full page load, the button may not have hydrated yet. */
export async function clickUntilVisible(trigger: Locator, opened: Locator) {
  await expect(async () => {
    await trigger.click();
    await expect(opened).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

/** Adds Zscaler Two from the gallery under `name`; returns the new application's id. */
export async function addZscalerTwo(page: Page, name: string): Promise<string> {
  await page.goto("/applications/gallery", FIRST_LOAD);
  const dialog = page.getByRole("dialog", { name: "Add Zscaler Two" });
  await clickUntilVisible(page.getByRole("button", { name: "Add Zscaler Two", exact: true }), dialog);
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/applications\/[0-9a-f-]{36}$/, FIRST_LOAD);
  return page.url().split("/").pop() as string;
}

/** The sandbox's Secret Token, copied from the /sandbox page as an admin would. */
export async function readSandboxToken(page: Page): Promise<string> {
  const sandbox = await page.context().newPage();
  try {
    await sandbox.goto("/sandbox", FIRST_LOAD);
    const field = sandbox.getByLabel("Secret Token", { exact: true });
    await expect(field).toHaveValue(/\S{16,}/, FIRST_LOAD);
    return (await field.inputValue()).trim();
  } finally {
    await sandbox.close();
  }
}

/**
 * The Administrator on `adminPage` adds a Reader at /admin/users; the Reader then signs in through the sign-in
 * page in a fresh, signed-out browser context. Close the returned context when done.
 */
export async function signInAsNewReader(
  adminPage: Page,
  browser: Browser,
  baseURL: string | undefined,
  username: string,
): Promise<{ context: BrowserContext; page: Page; password: string }> {
  const password = `${username}-password-1234`;
  await adminPage.goto("/admin/users", FIRST_LOAD);
  await adminPage.getByLabel("Username").fill(username);
  await adminPage.getByLabel("Initial password").fill(password);
  await adminPage.getByLabel("Role", { exact: true }).selectOption("Reader");
  await adminPage.getByRole("button", { name: "Add person" }).click();
  await expect(adminPage.getByText(`${username} can now sign in.`)).toBeVisible();

  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/signin", FIRST_LOAD);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL((u) => u.pathname === "/", FIRST_LOAD);
  return { context, page, password };
}

/** Assigns the user found by `query` (listed as `displayName`) with the role User, on the Users and groups tab. */
export async function assignUser(page: Page, appId: string, query: string, displayName: string) {
  await page.goto(`/applications/${appId}/users-and-groups`, FIRST_LOAD);
  const search = page.getByRole("combobox", { name: "Search users and groups" });
  await clickUntilVisible(page.getByRole("button", { name: "Add user/group" }), search);
  await search.fill(query);
  await page
    .getByRole("listbox", { name: "Users and groups" })
    .getByRole("option")
    .filter({ hasText: displayName })
    .click();
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(`Assigned ${displayName} with the role User.`)).toBeVisible();
}
