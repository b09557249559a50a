import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { prisma } from "./prisma";

// The database and its WAL and shared-memory files are for this user only, like secret.key.

const root = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-mode-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const modeOf = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);
const repo = path.resolve(__dirname, "../..");
const tsx = path.join(repo, "node_modules", ".bin", "tsx");

function run(script: string, args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, PROVISIO_DATA_DIR: dataDir, PROVISIO_DEMO: "false" };
  delete env.DATABASE_URL;
  try {
    execFileSync(tsx, [path.join(repo, script), ...args], { cwd: repo, env, stdio: "pipe", timeout: 120_000 });
  } catch {
    /* the CLI on an empty database may fail; the files it created are what this test looks at */
  }
}

describe("database file modes", () => {
  it("start-up (prepare-database) creates the database with mode 0600 in a 0700 folder", () => {
    const dir = path.join(root, "server");
    run("scripts/prepare-database.ts", [], dir);
    expect(modeOf(path.join(dir, "provisio.db"))).toBe("600");
    expect(modeOf(dir)).toBe("700");
  });

  it("the CLI creates its database file with mode 0600 too", () => {
    const dir = path.join(root, "cli");
    run("bin/provisio.ts", ["apps"], dir);
    expect(modeOf(path.join(dir, "provisio.db"))).toBe("600");
  });

  it("the WAL and shared-memory files of a running connection are 0600, and a readable old file is tightened", async () => {
    const { secureDatabaseFiles } = await import("./secure-database-files");
    let file: string;
    if (process.env.DATABASE_URL!.startsWith("file:")) {
      file = process.env.DATABASE_URL!.slice("file:".length);
      await prisma.setting.upsert({
        where: { key: "mode-test" },
        create: { key: "mode-test", value: "x" },
        update: {},
      });
    } else {
      // This run's database is PostgreSQL: a SQLite file of its own, secured and opened as the app would.
      file = path.join(root, "wal.db");
      secureDatabaseFiles(`file:${file}`);
      const client = createClient({ url: `file:${file}` });
      await client.execute("PRAGMA journal_mode = WAL");
      await client.execute("CREATE TABLE t (x TEXT)");
      await client.execute("INSERT INTO t VALUES ('x')");
      onTestFinished(() => client.close());
    }
    expect(modeOf(file)).toBe("600");
    expect(modeOf(`${file}-wal`)).toBe("600");
    expect(modeOf(`${file}-shm`)).toBe("600");

    const old = path.join(root, "old.db");
    fs.writeFileSync(old, "", { mode: 0o644 });
    fs.chmodSync(old, 0o644);
    secureDatabaseFiles(`file:${old}`);
    expect(modeOf(old)).toBe("600");
  });
});
