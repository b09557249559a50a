import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createApplication } from "../../applications/create-application";
import { databaseKind, sqliteFile } from "../database-kind";
import { databaseUrl } from "../database-url";
import { prisma } from "../prisma";
import { upsertConnectorObjects } from "../sql/connector-objects";
import { sql } from "../sql/sql";
import { chunkSizes } from "../sql/sqlite-dialect";
import { SqliteStore } from "./sqlite-store";

const onSqlite = databaseKind() === "sqlite";

async function jobId(): Promise<string> {
  const { id } = await createApplication(
    { templateId: "scim-2", name: `Write thread ${Math.random().toString(36).slice(2)}` },
    "test",
  );
  return (await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id }, select: { id: true } })).id;
}

const pending = (sourceId: string) => ({
  objectType: "User",
  sourceId,
  targetId: null,
  exported: "{}",
  members: null,
  state: "Pending",
  lastStatus: null,
  lastError: null,
  failureCount: 0,
});

describe("chunkSizes", () => {
  it("splits a count into a few fixed sizes, largest first, adding up to the count", () => {
    expect(chunkSizes(0)).toEqual([]);
    expect(chunkSizes(1)).toEqual([1]);
    expect(chunkSizes(500)).toEqual([256, 64, 64, 64, 16, 16, 16, 4]);
    for (const n of [3, 77, 255, 256, 257, 1000, 4321]) {
      const parts = chunkSizes(n);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(n);
      expect(new Set(parts).size).toBeLessThanOrEqual(5);
    }
  });
});

// The database thread is SQLite's; under PostgreSQL (npm test runs the suite on both) these have nothing to test.
describe.runIf(onSqlite)("SqliteStore's database thread", () => {
  const store = () => new SqliteStore(sqliteFile(databaseUrl()));

  it("refuses a value SQLite cannot bind with an error, instead of the driver aborting the process", async () => {
    const s = store();
    try {
      await expect(s.all(sql`SELECT ${undefined as unknown as string} AS v`)).rejects.toThrow(
        "SQL parameter 1 is undefined, which SQLite cannot bind",
      );
      await expect(s.run([sql`SELECT ${["a"] as unknown as string}`])).rejects.toThrow("is an array");
      expect(await s.all(sql`SELECT ${"still here"} AS v`)).toEqual([{ v: "still here" }]);
    } finally {
      await s.close();
    }
  });

  it("starts again after close()", async () => {
    const s = store();
    const job = await jobId();
    await s.all(sql`SELECT 1 AS one`);
    await s.close();
    await s.run(upsertConnectorObjects(s.dialect, job, [pending("again")]));
    expect(await prisma.connectorObject.count({ where: { jobId: job } })).toBe(1);
    await s.close();
  });

  it("a request made while the previous thread is still stopping is answered by the new thread", async () => {
    const s = store();
    expect(await s.all(sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    const closing = s.close();
    // The old thread's exit refuses its own requests only, never the new thread's.
    const read = s.all(sql`SELECT 2 AS two`);
    await closing;
    await expect(read).resolves.toEqual([{ two: 2 }]);
    await s.close();
  });

  it("refuses a request it cannot send, and then no longer keeps the process alive", async () => {
    // A process whose only request could not be sent must still exit on its own.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thread-exit-"));
    const script = path.join(dir, "uncloneable.mts");
    const entry = path.join(process.cwd(), "lib", "db", "sqlite", "sqlite-store.ts");
    const sqlEntry = path.join(process.cwd(), "lib", "db", "sql", "sql.ts");
    fs.writeFileSync(
      script,
      `import { SqliteStore } from ${JSON.stringify(entry)};\n` +
        `import { sql } from ${JSON.stringify(sqlEntry)};\n` +
        `const store = new SqliteStore(${JSON.stringify(sqliteFile(databaseUrl()))});\n` +
        `console.log(JSON.stringify(await store.all(sql\`SELECT 1 AS one\`)));\n` +
        `await store.all(sql\`SELECT \${Symbol("not a value") as never} AS x\`).catch((e) => console.log("refused", e.message));\n`,
    );
    try {
      const child = spawn(process.execPath, ["--import", "tsx", script], {
        cwd: process.cwd(),
        env: process.env,
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      const exited = await new Promise<number | null | "hung">((resolve) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          resolve("hung");
        }, 10_000);
        child.once("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      expect(out).toContain('[{"one":1}]');
      // Refused before it reaches the thread (a value SQLite cannot bind), and nothing keeps the process alive.
      expect(out).toContain("refused SQL parameter 1 is a symbol, which SQLite cannot bind");
      expect(exited).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
