import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { FIRST_LOAD, readSandboxToken } from "./support";

// Issue 12's low findings, as a client or an admin meets them: import files in other encodings, a file over
// the limit posted without the UI, caching of log answers, headers on /favicon.ico, and clients that hang up.

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const csvHeader =
  "version:v1.0\n" +
  "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname]\n";

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

async function importFile(page: Page, name: string, buffer: Buffer) {
  await page.goto("/directory/import", FIRST_LOAD);
  await page.getByLabel("File to import").setInputFiles({ name, mimeType: "text/csv", buffer });
  await expect(page.getByTestId("detected-format")).toHaveText("Entra bulk-create CSV (version:v1.0)");
  await page.getByRole("button", { name: "Import", exact: true }).click();
}

test("a Windows-1252 CSV is refused naming the encoding; a UTF-16 CSV imports with its names intact", async ({
  page,
}) => {
  const rows = `Jörg Müller ${run},joerg.${run}@e2e.contoso.com,x,No,Jörg,Müller\n`;
  await importFile(page, "latin1.csv", Buffer.from(csvHeader + rows, "latin1"));
  await expect(page.getByText(/The file is not UTF-8: line 3 has the byte 0xF6/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/CSV UTF-8 \(Comma delimited\)/)).toBeVisible();

  // Excel's "Unicode text": UTF-16 little-endian with a byte order mark.
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvHeader + rows, "utf16le")]);
  await importFile(page, "unicode.csv", utf16);
  await expect(page.getByText("Import complete: Entra bulk-create CSV: 1 user row")).toBeVisible({ timeout: 30_000 });
  await page.goto(`/directory/users?q=${encodeURIComponent(`joerg.${run}`)}`, FIRST_LOAD);
  await expect(
    page.getByRole("table", { name: "Users" }).getByRole("link", { name: `Jörg Müller ${run}` }),
  ).toBeVisible();
});

test("an import file over the limit posted without the UI gets the limit message, not a 500", async ({
  page,
  baseURL,
}) => {
  // The import page's server action, as a script would replay it.
  let action: { url: string; headers: Record<string, string> } | undefined;
  await page.route("**/directory/import", async (route) => {
    const req = route.request();
    if (req.method() === "POST" && req.headers()["next-action"]) {
      action = { url: req.url(), headers: req.headers() };
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await importFile(page, "small.csv", Buffer.from(csvHeader + `Small ${run},small.${run}@e2e.contoso.com,x,No,,\n`));
  await expect.poll(() => action).toBeTruthy();
  const res = await page.request.post(action!.url, {
    headers: { "next-action": action!.headers["next-action"]!, accept: "text/x-component", origin: baseURL! },
    multipart: {
      "1_file": { name: "big.csv", mimeType: "text/csv", buffer: Buffer.alloc(25 * 1024 * 1024, 0x41) },
      "0": '["$K1"]',
    },
  });
  expect(res.status()).toBe(413);
  expect((await res.json()).error).toMatch(/The largest file Provisio imports is 20 MB/);
});

test("log answers are never cached, and /favicon.ico has the security headers", async ({ request }) => {
  const list = await request.get("/api/logs");
  expect(list.status()).toBe(200);
  expect(list.headers()["cache-control"]).toBe("no-store");
  const entry = await request.get("/api/logs/entries/999999999");
  expect(entry.status()).toBe(404);
  expect(entry.headers()["cache-control"]).toBe("no-store");
  const body = (await list.json()) as { entries?: { id: number }[] };
  const id = body.entries?.[0]?.id;
  if (id !== undefined)
    expect((await request.get(`/api/logs/entries/${id}`)).headers()["cache-control"]).toBe("no-store");

  const icon = await request.get("/favicon.ico");
  const h = icon.headers();
  expect(h["content-security-policy"]).toContain("default-src 'self'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-frame-options"]).toBe("DENY");
});

test("a client that hangs up mid-request leaves no error in the server log", async ({ page, baseURL }) => {
  const serverLog = path.join(os.tmpdir(), `provisio-e2e-server-${new URL(baseURL!).port}.log`);
  expect(fs.existsSync(serverLog)).toBe(true);
  const token = await readSandboxToken(page);
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const from = fs.statSync(serverLog).size;
  const { hostname, port } = new URL(baseURL!);
  const hangUp = (head: string) =>
    new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname, () => {
        socket.write(head + "\r\n" + "x".repeat(20_000));
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 400);
      });
      socket.on("error", () => resolve());
    });
  const post = (p: string, extra: string) =>
    `POST ${p} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Length: 5000000\r\n${extra}`;
  await hangUp(
    post("/api/sandbox/scim/v2/Users", `Authorization: Bearer ${token}\r\nContent-Type: application/scim+json\r\n`),
  );
  await hangUp(post("/api/auth/signin", "Content-Type: application/json\r\n"));
  await hangUp(
    post(
      "/directory/import",
      `Cookie: ${cookies}\r\nNext-Action: x\r\nContent-Type: multipart/form-data; boundary=b\r\n`,
    ),
  );
  // Still serving, and nothing in the log about it.
  expect((await page.request.get("/api/health")).status()).toBe(200);
  await page.waitForTimeout(1_000);
  const added = fs.readFileSync(serverLog, "utf8").slice(from);
  expect(added).not.toMatch(/aborted|ECONNRESET|uncaughtException/);
});
