import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKind } from "../../db/database-kind";
import { prisma } from "../../db/prisma";
import { assign, makeApp } from "../../sync/test-support/engine-fixtures";
import { startSandboxProcess, startWorker, waitFor, type QueueProcess } from "./test-support/queue-processes";

/**
 * Two workers on one PostgreSQL database (PROVISIO_WORKERS=queue), a SCIM target in a process of its own:
 * the worker running a job's cycle is killed (SIGKILL) midway; the other worker takes the job over (the
 * next scheduler tick recovers the cycle and enqueues the job again) and finishes it, and the target holds
 * every user exactly once. Collected on PostgreSQL runs only (vitest.config.ts).
 */
const TOKEN = "worker-crash-token";
const N = 150;
let target: { url: string; stop: () => void };
const workers: QueueProcess[] = [];

async function scim(pathname: string): Promise<{ totalResults: number; Resources: Record<string, unknown>[] }> {
  const res = await fetch(`${target.url}${pathname}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return (await res.json()) as { totalResults: number; Resources: Record<string, unknown>[] };
}

async function listUsers(): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let start = 1; ; start += 100) {
    const page = await scim(`/Users?startIndex=${start}&count=100`);
    out.push(...page.Resources);
    if (page.Resources.length === 0 || out.length >= page.totalResults) return out;
  }
}

beforeAll(async () => {
  expect(databaseKind()).toBe("postgres");
  target = await startSandboxProcess(TOKEN);
}, 60_000);

afterAll(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  target?.stop();
});

describe("workers on the job queue", () => {
  it("finishes a job whose worker was killed mid-cycle on another worker, with no duplicates", async () => {
    // 40 requests/s: the cycle takes seconds, long enough to be killed in the middle.
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN, job: { rateLimitPerSecond: 40 } });
    const stamp = crypto.randomUUID().slice(0, 6);
    const users = Array.from({ length: N }, (_, i) => ({
      id: crypto.randomUUID(),
      userPrincipalName: `qcrash${i}.${stamp}@contoso.test`,
      mailNickname: `qcrash${i}`,
      displayName: `Queue Crash ${i}`,
    }));
    await prisma.directoryUser.createMany({ data: users });
    for (const u of users) await assign(appId, "User", u.id);

    workers.push(startWorker(), startWorker());
    await prisma.provisioningJob.update({ where: { id: jobId }, data: { nextRunAt: new Date() } });

    // One worker took the job and creates users: kill that one without warning.
    await waitFor("the first creates", async () => (await scim("/Users?count=1")).totalResults >= 30);
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    const ownerPid = Number(job.leaseOwner?.split(":")[1]);
    const running = workers.find((w) => w.child.pid === ownerPid);
    const other = workers.find((w) => w.child.pid !== ownerPid);
    expect(running, `lease owner ${job.leaseOwner} is one of the workers`).toBeDefined();
    running!.child.kill("SIGKILL");
    expect((await running!.exited).signal).toBe("SIGKILL");
    expect((await scim("/Users?count=1")).totalResults).toBeLessThan(N);

    // The other worker finishes the job.
    await waitFor(
      "the job to finish on the other worker",
      async () => (await prisma.cycle.count({ where: { jobId, status: "Succeeded" } })) === 1,
      90_000,
    );
    const done = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(done.leaseOwner).toBeNull();
    expect(done.fullSyncRequired).toBe(false);
    const cycles = await prisma.cycle.findMany({ where: { jobId }, orderBy: { startedAt: "asc" } });
    expect(cycles.map((c) => c.status)).toEqual(["Interrupted", "Succeeded"]);
    expect(other!.output()).not.toMatch(/could not run|Scheduler tick failed/);

    // The target holds each user exactly once, and each is linked once.
    const names = (await listUsers()).map((u) => String(u.userName).toLowerCase());
    expect(names).toHaveLength(N);
    expect(new Set(names)).toEqual(new Set(users.map((u) => u.userPrincipalName.toLowerCase())));
    expect(
      await prisma.connectorObject.count({
        where: { jobId, objectType: "User", state: "Provisioned", targetId: { not: null } },
      }),
    ).toBe(N);

    // The surviving worker stops cleanly on SIGTERM.
    other!.child.kill("SIGTERM");
    expect((await other!.exited).code).toBe(0);
  }, 150_000);
});
