import { expect, test } from "@playwright/test";
import { startTestSlapd, type TestSlapd } from "../scripts/start-test-slapd";
import { FIRST_LOAD, shot } from "./support";

// An LDAP source as an admin adds it: choose the kind, enter the connection, Test connection (a failure
// first, then a pass), Save, and watch the first full read land in the sync log and the directory.

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
let slapd: TestSlapd;

const ldif = (base: string) => `dn: ou=e2e,${base}
objectClass: organizationalUnit
ou: e2e

dn: uid=megan,ou=e2e,${base}
objectClass: inetOrgPerson
uid: megan
cn: Megan Bowen
sn: Bowen
givenName: Megan
displayName: Megan Bowen ${stamp}
mail: megan.${stamp}@contoso.com
title: Marketing Manager

dn: uid=adele,ou=e2e,${base}
objectClass: inetOrgPerson
uid: adele
cn: Adele Vance
sn: Vance
givenName: Adele
displayName: Adele Vance ${stamp}
mail: adele.${stamp}@contoso.com

dn: cn=Marketing,ou=e2e,${base}
objectClass: groupOfNames
cn: Marketing
member: uid=megan,ou=e2e,${base}
member: uid=adele,ou=e2e,${base}
`;

test.beforeAll(async () => {
  slapd = await startTestSlapd({ ldif: ldif("dc=provisio,dc=test") });
});
test.afterAll(() => slapd?.stop());

test("an admin adds an LDAP source, tests the connection and sees the first sync", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/sources", FIRST_LOAD);
  await expect(page.getByRole("button", { name: "Add source" })).toBeEnabled(FIRST_LOAD);
  await page.getByLabel("Name").fill(`Contoso OpenLDAP ${stamp}`);
  await page.getByLabel("Kind").selectOption({ label: "LDAP: OpenLDAP, 389 DS, FreeIPA" });
  await page.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByText("Source added.")).toBeVisible(FIRST_LOAD);
  await expect(page.getByText("Waiting for the first sync", { exact: true })).toBeVisible();
  // The preset filled what to read.
  await expect(page.getByLabel("User filter")).toHaveValue("(objectClass=inetOrgPerson)");
  await expect(page.getByLabel("Anchor (immutable id)")).toHaveValue("entryUUID");

  await page.getByLabel("Server").fill(slapd.url);
  await page.getByLabel("Bind DN").fill(slapd.readerDn);
  await page.getByLabel("Bind password").fill("not the password");
  await page.getByLabel("Base DN").fill(`ou=e2e,${slapd.suffix}`);
  await page.getByLabel("CA certificate (optional, PEM)").fill(slapd.caCert);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Test connection failed")).toBeVisible(FIRST_LOAD);
  await expect(page.getByText("The server refused the bind DN and password.").first()).toBeVisible();
  await expect(page.getByText("Server: Invalid credentials (LDAP result 49)")).toBeVisible();
  await shot(page, "ldap-test-failed");

  await page.getByLabel("Bind password").fill(slapd.readerPassword);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Test connection passed")).toBeVisible(FIRST_LOAD);
  await expect(page.getByRole("list", { name: "Checks" })).toContainText("Find the base DN");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible(FIRST_LOAD);

  // The first full read: 2 users and a group.
  const log = page.getByRole("table", { name: "Sync log" });
  await expect(async () => {
    await page.reload();
    await expect(log.getByRole("row").nth(1)).toContainText("Succeeded", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  const row = log.getByRole("row").nth(1);
  await expect(row).toContainText("Full read");
  await expect(row.getByRole("cell").nth(3)).toHaveText("3");
  await expect(page.getByText("Waiting for the first sync", { exact: true })).toHaveCount(0);
  await shot(page, "ldap-source");
  // Its settings say what turning it off and deleting it mean for a directory that is read, not pushed.
  await expect(
    page.getByText("Turning the source off stops its syncs until you turn it on again.", { exact: false }),
  ).toBeVisible();
  await expect(page.getByText(/removes its connection settings and bind password and stops its syncs/)).toBeVisible();
  await expect(page.getByText(/revokes its tokens|refuses its requests/)).toHaveCount(0);
  // The password is write-only: never in the page.
  expect(await page.content()).not.toContain(slapd.readerPassword);

  // The users are in the directory, from this source, read-only.
  await page.getByRole("link", { name: "2", exact: true }).click();
  await expect(page.getByText(`Megan Bowen ${stamp}`)).toBeVisible(FIRST_LOAD);
  await page.getByText(`Megan Bowen ${stamp}`).click();
  await expect(page.getByText(`From Contoso OpenLDAP ${stamp}`).first()).toBeVisible(FIRST_LOAD);
  await shot(page, "ldap-user-read-only");
});
