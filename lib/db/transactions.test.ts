import { describe, expect, it } from "vitest";
import { createApplication } from "../applications/create-application";
import { prisma } from "./prisma";
import { immediate } from "./sqlite-busy-timeout";
import { upsertConnectorObjects } from "./sql/connector-objects";
import { sqlStore } from "./sql-store";

async function jobId(): Promise<string> {
  const { id } = await createApplication(
    { templateId: "scim-2", name: `Tx ${Math.random().toString(36).slice(2)}` },
    "test",
  );
  return (await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id }, select: { id: true } })).id;
}

describe("Prisma transactions beside the SQL store's own connection", () => {
  it("a transaction that reads, then writes after the thread's write, still commits (BEGIN IMMEDIATE)", async () => {
    const job = await jobId();
    const store = sqlStore();
    let threadWrite: Promise<void> | undefined;
    await prisma.$transaction(async (tx) => {
      await tx.provisioningJob.findUniqueOrThrow({ where: { id: job } });
      // Another connection writes now. With BEGIN DEFERRED it would commit at once, and this
      // transaction's write below would be refused (stale snapshot); with IMMEDIATE it waits for us.
      threadWrite = store
        .run(
          upsertConnectorObjects(store.dialect, job, [
            {
              objectType: "User",
              sourceId: "from-thread",
              targetId: null,
              exported: "{}",
              members: null,
              state: "Pending",
              lastStatus: null,
              lastError: null,
              failureCount: 0,
            },
          ]),
        )
        .then(() => {});
      await new Promise((r) => setTimeout(r, 150));
      await tx.provisioningJob.update({ where: { id: job }, data: { notificationEmail: "tx@contoso.test" } });
    });
    await threadWrite;
    expect((await prisma.provisioningJob.findUniqueOrThrow({ where: { id: job } })).notificationEmail).toBe(
      "tx@contoso.test",
    );
    expect(await prisma.connectorObject.count({ where: { jobId: job, sourceId: "from-thread" } })).toBe(1);
  });

  it("turns only plain and deferred BEGINs into BEGIN IMMEDIATE", () => {
    expect(immediate("BEGIN DEFERRED")).toBe("BEGIN IMMEDIATE");
    expect(immediate("begin")).toBe("BEGIN IMMEDIATE");
    expect(immediate("BEGIN TRANSACTION;")).toBe("BEGIN IMMEDIATE");
    expect(immediate("BEGIN TRANSACTION READONLY")).toBe("BEGIN TRANSACTION READONLY");
    expect(immediate("BEGIN EXCLUSIVE")).toBe("BEGIN EXCLUSIVE");
    expect(immediate('SELECT "BEGIN"')).toBe('SELECT "BEGIN"');
  });
});
