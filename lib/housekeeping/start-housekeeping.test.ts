import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { sql } from "../db/sql/sql";
import { sqlStore } from "../db/sql-store";
import { makeLogApp, writeLogEntries } from "../logs/test-support/log-fixtures";
import { startHousekeeping, stopHousekeeping } from "./start-housekeeping";

const DAY = 24 * 60 * 60 * 1000;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe("housekeeping", () => {
  afterEach(() => stopHousekeeping());

  it("prunes old log entries and idle rate buckets on its first round, and keeps the rest", async () => {
    const { jobId } = await makeLogApp();
    await writeLogEntries(jobId, [
      { identity: "recent@x.test", at: new Date(Date.now() - DAY) },
      { identity: "old@x.test", at: new Date(Date.now() - 40 * DAY) },
    ]);
    const store = sqlStore();
    const key = `test://housekeeping/${Math.random()}`;
    const at = (offsetMs: number) => sql`${store.dialect.clockMs} + CAST(${offsetMs} AS DOUBLE PRECISION)`;
    await store.run([
      sql`INSERT INTO "TargetRateBucket" ("key", "tat", "pausedUntil") VALUES (${`${key}/idle`}, ${at(-2 * DAY)}, 0)`,
      sql`INSERT INTO "TargetRateBucket" ("key", "tat", "pausedUntil") VALUES (${`${key}/busy`}, ${at(1000)}, 0)`,
    ]);
    const buckets = async () =>
      (await store.all(sql`SELECT "key" FROM "TargetRateBucket" WHERE "key" LIKE ${`${key}/%`}`)).map((r) => r.key);

    startHousekeeping({ firstDelayMs: 10 });
    const pruned = await waitFor(async () => (await buckets()).length === 1, 10_000);

    expect(pruned).toBe(true);
    expect(await buckets()).toEqual([`${key}/busy`]);
    const left = await prisma.provisioningLogEntry.findMany({ where: { jobId }, select: { identity: true } });
    expect(left.map((l) => l.identity)).toEqual(["recent@x.test"]);
  });
});
