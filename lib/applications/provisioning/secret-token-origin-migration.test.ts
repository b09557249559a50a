import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import { readBoundSecretToken } from "./read-bound-secret-token";
import { TOKEN_NOT_BOUND_MESSAGE, tenantUrlOrigin } from "./tenant-url-origin";
import { encryptSecret } from "../../secrets/secret-box";

// Migration 0005 binds the tokens saved before it to their job's current Tenant URL, so an upgrade keeps
// every job working against its host, and nothing else.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-origin-migration-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const migrationsDir = path.resolve(__dirname, "../../../prisma/migrations");
const migration = (name: string) => fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");

describe("migration 0005_secret_token_origin", () => {
  it("binds each saved token to the origin of its job's current Tenant URL", async () => {
    const client = createClient({ url: `file:${path.join(dir, "old.db")}` });
    const names = fs
      .readdirSync(migrationsDir)
      .filter((n) => fs.existsSync(path.join(migrationsDir, n, "migration.sql")));
    const before = names.filter((n) => n < "0005_secret_token_origin").sort();
    for (const n of before) await client.executeMultiple(migration(n));

    const sealed = encryptSecret("existing-token-123");
    const rows: [string, string | null, string | null][] = [
      ["a", "https://Api.Zscaler.NET:443/scim/v2?tenant=1", sealed],
      ["b", "http://127.0.0.1:8080/scim/v2", sealed],
      ["c", "https://example.com", sealed],
      ["d", "https://example.com?x=/y", sealed],
      ["e", "http://[::1]:3000/api/sandbox/scim/v2", sealed],
      ["f", null, sealed], // a token saved without a URL is bound to nothing
      ["g", "https://no-token.example.com/scim", null],
    ];
    for (const [id, url, token] of rows) {
      await client.execute({
        sql: `INSERT INTO "Application" ("id", "name", "templateId", "updatedAt") VALUES (?, ?, 'scim-2', CURRENT_TIMESTAMP)`,
        args: [id, `App ${id}`],
      });
      await client.execute({
        sql: `INSERT INTO "ProvisioningJob" ("id", "applicationId", "tenantUrl", "secretTokenEnc", "updatedAt") VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)`,
        args: [`job-${id}`, id, url, token],
      });
    }
    await client.executeMultiple(migration("0005_secret_token_origin"));
    const result = await client.execute(
      `SELECT "id", "tenantUrl", "secretTokenEnc", "secretTokenOrigin" FROM "ProvisioningJob" ORDER BY "id"`,
    );
    client.close();
    const got = Object.fromEntries(result.rows.map((r) => [String(r.id), r.secretTokenOrigin as string | null]));
    expect(got).toEqual({
      "job-a": "https://api.zscaler.net:443",
      "job-b": "http://127.0.0.1:8080",
      "job-c": "https://example.com",
      "job-d": "https://example.com",
      "job-e": "http://[::1]:3000",
      "job-f": null,
      "job-g": null,
    });
    for (const r of result.rows) {
      const job = {
        secretTokenEnc: r.secretTokenEnc as string | null,
        secretTokenOrigin: r.secretTokenOrigin as string | null,
      };
      if (!job.secretTokenEnc || !r.tenantUrl) continue;
      // The token still goes to its own host...
      expect(tenantUrlOrigin(job.secretTokenOrigin)).toBe(tenantUrlOrigin(r.tenantUrl as string));
      expect(readBoundSecretToken(job, r.tenantUrl as string)).toBe("existing-token-123");
      // ...and nowhere else.
      expect(() => readBoundSecretToken(job, "https://attacker.example.net/scim")).toThrow(TOKEN_NOT_BOUND_MESSAGE);
    }
    expect(() =>
      readBoundSecretToken({ secretTokenEnc: sealed, secretTokenOrigin: null }, "https://example.com"),
    ).toThrow(TOKEN_NOT_BOUND_MESSAGE);
  });
});
