import { describe, expect, it } from "vitest";
import { createApplication } from "../applications/create-application";
import { prisma } from "./prisma";
import { upsertConnectorObjects } from "./sql/connector-objects";
import { writeCycleProgress } from "./sql/cycle-progress";
import { sql } from "./sql/sql";
import { sqlStore } from "./sql-store";
import { GuardFailedError } from "./sql/sql-store";

async function jobId(): Promise<string> {
  const { id } = await createApplication(
    { templateId: "scim-2", name: `Store ${Math.random().toString(36).slice(2)}` },
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

describe("sqlStore (this run's database)", () => {
  it("writes on its own connection; Prisma reads the rows with the dates it expects", async () => {
    const store = sqlStore();
    const job = await jobId();
    const changed = await store.run(upsertConnectorObjects(store.dialect, job, [pending("u-1"), pending("u-2")]));
    expect(changed).toBe(2);
    const rows = await prisma.connectorObject.findMany({ where: { jobId: job }, orderBy: { sourceId: "asc" } });
    expect(rows.map((r) => r.sourceId)).toEqual(["u-1", "u-2"]);
    expect(rows[0].createdAt).toBeInstanceOf(Date);
    expect(Math.abs(rows[0].createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("reads back what it compares: a date bound as a parameter matches the stored one exactly", async () => {
    const store = sqlStore();
    const job = await jobId();
    const at = new Date("2026-01-02T03:04:05.678Z");
    await prisma.cycle.create({ data: { jobId: job, type: "Initial", startedAt: at } });
    const rows = await store.all(sql`SELECT "startedAt" FROM "Cycle" WHERE "jobId" = ${job} AND "startedAt" = ${at}`);
    expect(rows).toHaveLength(1);
    const before = await store.all(
      sql`SELECT count(*) AS n FROM "Cycle" WHERE "jobId" = ${job} AND "startedAt" < ${at}`,
    );
    expect(Number(before[0].n)).toBe(0);
  });

  it("keeps a batch all or nothing: a failing statement rolls back the ones before it", async () => {
    const store = sqlStore();
    const job = await jobId();
    const [first] = upsertConnectorObjects(store.dialect, job, [pending("kept?")]);
    // A second row for the same job without the conflict clause breaks the unique (jobId, objectType, sourceId) key.
    const duplicate = sql`INSERT INTO "ConnectorObject" ("id","jobId","objectType","sourceId","state","failureCount","createdAt","updatedAt")
      VALUES (${crypto.randomUUID()}, ${job}, 'User', 'kept?', 'Pending', 0, ${new Date()}, ${new Date()})`;
    await expect(store.run([first, duplicate])).rejects.toThrow(/Database write failed: .*(UNIQUE|duplicate key)/i);
    expect(await prisma.connectorObject.count({ where: { jobId: job } })).toBe(0);
    // The store carries on after a failed batch.
    await store.run(upsertConnectorObjects(store.dialect, job, [pending("after")]));
    expect(await prisma.connectorObject.count({ where: { jobId: job } })).toBe(1);
  });

  it("runs one statement on its own and reports its failure like a batch's", async () => {
    const store = sqlStore();
    const job = await jobId();
    expect(await store.run(upsertConnectorObjects(store.dialect, job, [pending("one")]))).toBe(1);
    const duplicate = sql`INSERT INTO "ConnectorObject" ("id","jobId","objectType","sourceId","state","failureCount","createdAt","updatedAt")
      VALUES (${crypto.randomUUID()}, ${job}, 'User', 'one', 'Pending', 0, ${new Date()}, ${new Date()})`;
    await expect(store.run([duplicate])).rejects.toThrow(/Database write failed: .*(UNIQUE|duplicate key)/i);
    expect(await prisma.connectorObject.count({ where: { jobId: job } })).toBe(1);
  });

  it("writes a running cycle's progress, and only that cycle's", async () => {
    const store = sqlStore();
    const job = await jobId();
    const [cycle, other] = await Promise.all(
      [0, 1].map(() => prisma.cycle.create({ data: { jobId: job, type: "Initial" } })),
    );
    const progress = { total: 10, processed: 7, created: 3, updated: 2, disabled: 1, deleted: 0, skipped: 1 };
    await writeCycleProgress(store, cycle.id, { ...progress, failed: 0, staged: 0, requests: 6 });
    const row = await prisma.cycle.findUniqueOrThrow({ where: { id: cycle.id } });
    expect(row).toMatchObject({ ...progress, failed: 0, staged: 0, requests: 6, status: "Running" });
    expect(await prisma.cycle.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ processed: 0 });
  });

  it("refuses rows that break a foreign key (its connection enforces them like Prisma's)", async () => {
    const store = sqlStore();
    await expect(store.run(upsertConnectorObjects(store.dialect, "no-such-job", [pending("x")]))).rejects.toThrow(
      /FOREIGN KEY|foreign key/,
    );
  });

  it("upserts: a second write of the same object overwrites it and keeps its id", async () => {
    const store = sqlStore();
    const job = await jobId();
    await store.run(upsertConnectorObjects(store.dialect, job, [pending("same")]));
    const first = await prisma.connectorObject.findFirstOrThrow({ where: { jobId: job } });
    await store.run(
      upsertConnectorObjects(store.dialect, job, [{ ...pending("same"), state: "Provisioned", targetId: "t-1" }]),
    );
    const rows = await prisma.connectorObject.findMany({ where: { jobId: job } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first.id, state: "Provisioned", targetId: "t-1" });
  });

  it("rolls everything back when a guard statement changes another number of rows than it expects", async () => {
    const store = sqlStore();
    const job = await jobId();
    const [insert] = upsertConnectorObjects(store.dialect, job, [pending("guarded")]);
    const guard = sql`UPDATE "ConnectorObject" SET "state" = 'Provisioned' WHERE "jobId" = ${job} AND "sourceId" = 'nobody'`;
    const failure = await store.run([insert, guard.expecting(1)]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GuardFailedError);
    expect((failure as GuardFailedError).statementIndex).toBe(1);
    expect(await prisma.connectorObject.count({ where: { jobId: job } })).toBe(0);
    // A guard that holds lets the transaction through.
    const held = sql`UPDATE "ConnectorObject" SET "state" = 'Provisioned' WHERE "jobId" = ${job} AND "sourceId" = 'guarded'`;
    expect(await store.run([insert, held.expecting(1)])).toBe(2);
    expect(await prisma.connectorObject.findFirstOrThrow({ where: { jobId: job } })).toMatchObject({
      state: "Provisioned",
    });
  });
});
