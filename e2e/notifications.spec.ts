import { expect, test, type Page } from "@playwright/test";

// Notifications without SMTP (the embedded default): a test email sent from the UI lands in the outbox
// page, addressed as typed, with a clear subject and a link to the application's logs.

const FIRST_LOAD = { timeout: 120_000 };
const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function shot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/notify-${name}.png`, fullPage: true });
}

test("a test email sent from the UI shows in the outbox", async ({ page }) => {
  test.setTimeout(180_000);
  const appName = `Notify App ${tag}`;
  await page.goto("/applications/gallery", FIRST_LOAD);
  await page.getByRole("button", { name: "Add Zscaler Two", exact: true }).click();
  await page.getByLabel("Name").fill(appName);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/applications\/[0-9a-f-]{36}$/, FIRST_LOAD);
  const appId = page.url().split("/").pop() as string;

  await page.goto("/outbox", FIRST_LOAD);
  await expect(page.getByText("SMTP is not configured")).toBeVisible(FIRST_LOAD);
  await page.getByLabel("Application", { exact: true }).selectOption({ label: appName });

  // A bad address is refused with a message, and nothing is queued.
  await page.getByLabel("Send to").fill("not-an-address");
  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /valid email/i })).toBeVisible();

  const to = `ops.${tag}@contoso.test`;
  await page.getByLabel("Send to").fill(to);
  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByText(`SMTP is not configured: the test email to ${to} is in the`)).toBeVisible();

  const messages = page.getByRole("list", { name: "Messages" });
  const item = messages.getByRole("button", { name: new RegExp(`Provisio: test notification for ${appName}`) });
  await expect(item).toBeVisible();
  await expect(item).toContainText(`To ${to}`);
  await expect(item).toContainText("In outbox");
  await expect(messages.getByRole("button", { name: /not-an-address/ })).toHaveCount(0);
  if ((await item.getAttribute("aria-expanded")) !== "true") await item.click();
  await expect(messages.getByText(new RegExp(`/applications/${appId}/logs`))).toBeVisible();
  await shot(page, "outbox");
});
