import { expect, test } from "@playwright/test";

// The sandbox page shows its own Tenant URL and Secret Token; a SCIM client using them can create a user that
// then shows up in the page's table, and a wrong token is refused.

test("the sandbox page gives working credentials and lists what the target holds", async ({ page, request }) => {
  test.setTimeout(180_000);
  await page.goto("/sandbox", { timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "Sandbox SCIM target" })).toBeVisible();

  const tenantUrl = await page.getByLabel("Tenant URL").inputValue();
  const token = await page.getByLabel("Secret Token").inputValue();
  expect(tenantUrl).toMatch(/^http:\/\/localhost:\d+\/api\/sandbox\/scim\/v2$/);
  expect(token.length).toBeGreaterThanOrEqual(32);

  const unique = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const userName = `${unique}@sandbox.example.com`;
  const created = await request.post(`${tenantUrl}/Users`, {
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
    data: {
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      ],
      userName,
      displayName: `Sandbox ${unique}`,
      externalId: unique,
      active: true,
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Quality" },
    },
  });
  expect(created.status()).toBe(201);
  expect(created.headers()["content-type"]).toContain("application/scim+json");
  const body = await created.json();
  expect(created.headers()["location"]).toBe(`${tenantUrl}/Users/${body.id}`);

  const wrong = await request.get(`${tenantUrl}/Users`, { headers: { Authorization: "Bearer not-the-sandbox-token" } });
  expect(wrong.status()).toBe(401);
  expect((await wrong.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  const none = await request.get(`${tenantUrl}/Users`);
  expect(none.status()).toBe(401);

  const found = await request.get(
    `${tenantUrl}/Users?filter=${encodeURIComponent(`userName eq "${userName.toUpperCase()}"`)}`,
    {
      headers: { Authorization: `Bearer ${token}` },
    },
  );
  expect((await found.json()).totalResults).toBe(1);

  await page.reload();
  const users = page.getByRole("table", { name: "Sandbox users" });
  const row = users.getByRole("row").filter({ hasText: userName });
  await expect(row).toBeVisible();
  await expect(row).toContainText(`Sandbox ${unique}`);
  await expect(row).toContainText("Quality");
  await expect(row).toContainText(body.id);
  await page.screenshot({ path: "/tmp/sandbox-page.png", fullPage: true });
});

// Regenerating for real is covered by lib/sandbox tests: here it would change the token the demo application
// (and other specs) use on the shared app instance, so this only checks that it asks first and Cancel keeps it.
test("regenerating the token asks for confirmation, and Cancel keeps the token", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/sandbox", { timeout: 120_000 });
  const token = await page.getByLabel("Secret Token").inputValue();
  await page.getByRole("button", { name: "Regenerate token" }).click();
  const confirm = page.getByRole("group", { name: "Regenerate token" });
  await expect(confirm).toContainText("will fail with 401");
  await expect(confirm.getByRole("button", { name: "Yes, regenerate" })).toBeFocused();
  await page.screenshot({ path: "/tmp/sandbox-confirm.png" });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("button", { name: "Regenerate token" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Secret Token")).toHaveValue(token);
});
