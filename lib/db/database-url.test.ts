import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { parseEnv } from "../env";
import { databaseUrl } from "./database-url";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-database-url-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("databaseUrl", () => {
  it("is this test file's database, which the test setup put in process.env before lib/ ran", () => {
    // npm test runs the suite on SQLite (a file per test file) and on PostgreSQL (a database per test file).
    if (inject("postgresServerUrl")) expect(process.env.DATABASE_URL).toMatch(/^postgresql:.*\/provisio_test_\w+$/);
    else expect(process.env.DATABASE_URL).toMatch(/^file:.*provisio-test-.*provisio\.db$/);
    expect(databaseUrl()).toBe(process.env.DATABASE_URL);
  });

  it("takes DATABASE_URL when it is set", () => {
    expect(databaseUrl(parseEnv({ DATABASE_URL: "file:/srv/provisio/x.db", PROVISIO_DATA_DIR: tmp }))).toBe(
      "file:/srv/provisio/x.db",
    );
  });

  it("is provisio.db in the data folder otherwise (an empty DATABASE_URL counts as unset), creating the folder", () => {
    const dataDir = path.join(tmp, "fresh");
    expect(databaseUrl(parseEnv({ DATABASE_URL: " ", PROVISIO_DATA_DIR: dataDir }))).toBe(
      `file:${path.join(dataDir, "provisio.db")}`,
    );
    expect(fs.statSync(dataDir).isDirectory()).toBe(true);
  });

  it("resolves a relative data folder (default ./data) against the working directory", () => {
    const cwd = process.cwd();
    const here = fs.realpathSync(tmp);
    process.chdir(here);
    try {
      expect(databaseUrl(parseEnv({}))).toBe(`file:${path.join(here, "data", "provisio.db")}`);
      expect(databaseUrl(parseEnv({ PROVISIO_DATA_DIR: "var/provisio" }))).toBe(
        `file:${path.join(here, "var", "provisio", "provisio.db")}`,
      );
    } finally {
      process.chdir(cwd);
    }
  });
});
