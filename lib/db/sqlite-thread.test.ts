import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createApplication } from "../applications/create-application";
import { prisma } from "./prisma";
import { chunkSizes, sqliteThread } from "./sqlite-thread";
import { sqliteDateTime } from "./sqlite-values";

async function jobId(): Promise<string> {
  const { id } = await createApplication(
    { templateId: "scim-2", name: `Write thread ${Math.random().toString(36).slice(2)}` },
    "test",
  );
  return (await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id }, select: { id: true } })).id;
}

const insertConnector = (job: string, sourceId: string) => ({
  sql: `INSERT INTO "ConnectorObject" ("id","jobId","objectType","sourceId","state","failureCount","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?)`,
  params: [
    crypto.randomUUID(),
    job,
    "User",
    sourceId,
    "Pending",
    0,
    sqliteDateTime(new Date()),
    sqliteDateTime(new Date()),
  ],
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

describe("sqliteThread", () => {
  it("writes on its own connection; Prisma reads the rows with the dates it expects", async () => {
    const thread = sqliteThread();
    expect(thread).not.toBeNull();
    const job = await jobId();
    await thread!.run([insertConnector(job, "u-1"), insertConnector(job, "u-2")]);
    const rows = await prisma.connectorObject.findMany({ where: { jobId: job }, orderBy: { sourceId: "asc" } });
    expect(rows.map((r) => r.sourceId)).toEqual(["u-1", "u-2"]);
    expect(rows[0].createdAt).toBeInstanceOf(Date);
    expect(Math.abs(rows[0].createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("keeps a batch all or nothing: a failing statement rolls back the ones before it", async () => {
    const thread = sqliteThread()!;
    const job = await jobId();
    const duplicate = insertConnector(job, "dup");
    // The second statement breaks the unique (jobId, objectType, sourceId) key.
    await expect(
      thread.run([insertConnector(job, "kept?"), duplicate, { ...insertConnector(job, "dup") }]),
    ).rejects.toThrow(/Database write failed: .*UNIQUE/);
    expect(await prisma.connectorObject.count({ where: { jobId: job } })).toBe(0);
    // The thread carries on after a failed batch.
    await thread.run([insertConnector(job, "after")]);
    expect(await prisma.connectorObject.count({ where: { jobId: job } })).toBe(1);
  });

  it("refuses rows that break a foreign key (the thread's connection enforces them like Prisma's)", async () => {
    const thread = sqliteThread()!;
    await expect(thread.run([insertConnector("no-such-job", "x")])).rejects.toThrow(/FOREIGN KEY/);
  });

  it("starts again after close()", async () => {
    const thread = sqliteThread()!;
    const job = await jobId();
    await thread.close();
    await thread.run([insertConnector(job, "again")]);
    expect(await prisma.connectorObject.count({ where: { jobId: job } })).toBe(1);
  });

  it("a request made while the previous thread is still stopping is answered by the new thread", async () => {
    const thread = sqliteThread()!;
    expect(await thread.all("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
    const closing = thread.close();
    // The old thread's exit refuses its own requests only, never the new thread's.
    const read = thread.all("SELECT 2 AS two", []);
    await closing;
    await expect(read).resolves.toEqual([{ two: 2 }]);
  });

  it("refuses a request it cannot send, and then no longer keeps the process alive", async () => {
    // A process whose only request could not be sent must still exit on its own.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thread-exit-"));
    const script = path.join(dir, "uncloneable.mts");
    const entry = path.join(process.cwd(), "lib", "db", "sqlite-thread.ts");
    fs.writeFileSync(
      script,
      `import { sqliteThread } from ${JSON.stringify(entry)};\n` +
        `const thread = sqliteThread()!;\n` +
        `console.log(JSON.stringify(await thread.all("SELECT 1 AS one", [])));\n` +
        `await thread.all("SELECT ? AS x", [Symbol("not a value") as never]).catch((e) => console.log("refused", e.name));\n`,
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
      expect(out).toContain("refused DataCloneError");
      expect(exited).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
