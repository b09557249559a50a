import crypto from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { databaseKind } from "../../db/database-kind";
import { databaseUrl } from "../../db/database-url";
import { postgresPool } from "../../db/postgres/postgres-pool";
import { prisma } from "../../db/prisma";
import { assign, makeApp } from "../../sync/test-support/engine-fixtures";
import { CYCLE_QUEUE } from "./cycle-queue";
import {
  listTargetUsers,
  parentPid,
  processEnded,
  scimGet,
  startSandboxProcess,
  startWorker,
  waitFor,
  waitForWorkerReady,
  type QueueProcess,
} from "./test-support/queue-processes";

/**
 * Two workers on one PostgreSQL database (PROVISIO_WORKERS=queue), a SCIM target in a process of its own:
 * the worker running a job's cycle is killed (SIGKILL) midway; the other worker takes the job over (the
 * next scheduler tick recovers the cycle and enqueues the job again) and finishes it, and the target holds
 * every user exactly once. Once with cycles inline in the workers, once in cycle processes
 * (PROVISIO_CYCLE_PROCESS=child), whose cycle process must stop with its worker rather than go on as an
 * orphan. Collected on PostgreSQL runs only (vitest.config.ts).
 */
const TOKEN = "worker-crash-token";
const N = 150;
let target: { url: string; stop: () => void } | undefined;
let workers: QueueProcess[] = [];

beforeAll(() => {
  expect(databaseKind()).toBe("postgres");
});

afterEach(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
  target?.stop();
});

/** The states of the job's cycle queue jobs (pg-boss's own table; read here only, to see what a kill leaves). */
async function queueJobStates(jobId: string): Promise<string[]> {
  const { rows } = await postgresPool(databaseUrl()).query<{ state: string }>(
    "SELECT state FROM pgboss.job WHERE name = $1 AND singleton_key = $2 ORDER BY created_on",
    [CYCLE_QUEUE, jobId],
  );
  return rows.map((r) => r.state);
}

describe("workers on the job queue", () => {
  it.each(["inline", "child"] as const)(
    "finishes a job whose worker was killed mid-cycle on another worker, with no duplicates (cycles %s)",
    async (mode) => {
      target = await startSandboxProcess(TOKEN);
      const url = target.url;
      const scim = (pathname: string) => scimGet(url, TOKEN, pathname);
      // 40 requests/s: the cycle takes seconds, long enough to be killed in the middle.
      const { appId, jobId } = await makeApp({ url, token: TOKEN, job: { rateLimitPerSecond: 40 } });
      const stamp = crypto.randomUUID().slice(0, 6);
      const users = Array.from({ length: N }, (_, i) => ({
        id: crypto.randomUUID(),
        userPrincipalName: `qcrash${i}.${stamp}@contoso.test`,
        mailNickname: `qcrash${i}`,
        displayName: `Queue Crash ${i}`,
      }));
      await prisma.directoryUser.createMany({ data: users });
      for (const u of users) await assign(appId, "User", u.id);

      workers.push(startWorker({ PROVISIO_CYCLE_PROCESS: mode }), startWorker({ PROVISIO_CYCLE_PROCESS: mode }));
      // Both are up before the job is due: the survivor must be there to take the job over.
      await Promise.all(workers.map((w) => waitForWorkerReady(w)));
      await prisma.provisioningJob.update({ where: { id: jobId }, data: { nextRunAt: new Date() } });

      // One worker took the job and creates users: kill that one without warning. The lease's owner is the
      // process running the cycle: the worker itself, or its cycle process.
      await waitFor("the first creates", async () => (await scim("/Users?count=1")).totalResults >= 30);
      const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
      const ownerPid = Number(job.leaseOwner?.split(":")[1]);
      const workerPid = mode === "child" ? parentPid(ownerPid) : ownerPid;
      const running = workers.find((w) => w.child.pid === workerPid);
      const other = workers.find((w) => w.child.pid !== workerPid);
      expect(running, `lease owner ${job.leaseOwner} is (a cycle process of) one of the workers`).toBeDefined();
      // One queue job runs the cycle; any other fetched meanwhile was refused by the lease and completed.
      expect((await queueJobStates(jobId)).filter((s) => s !== "completed")).toEqual(["active"]);
      running!.child.kill("SIGKILL");
      expect((await running!.exited).signal).toBe("SIGKILL");
      if (mode === "child") {
        // Its cycle process sees its stdin close and stops at once (cycle-child.ts): no orphan goes on writing.
        await waitFor("the orphaned cycle process to stop", async () => processEnded(ownerPid), 5_000);
      }
      expect((await scim("/Users?count=1")).totalResults).toBeLessThan(N);

      // The other worker finishes the job.
      await waitFor(
        "the job to finish on the other worker",
        async () => (await prisma.cycle.count({ where: { jobId, status: "Succeeded" } })) === 1,
        90_000,
      );
      // The lease is released a moment after the cycle's row says Succeeded (run-cycle.ts).
      await waitFor(
        "the lease to be released",
        async () => (await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).leaseOwner === null,
        10_000,
      );
      const done = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
      expect(done.leaseOwner).toBeNull();
      expect(done.fullSyncRequired).toBe(false);
      const cycles = await prisma.cycle.findMany({ where: { jobId }, orderBy: { startedAt: "asc" } });
      expect(cycles.map((c) => c.status)).toEqual(["Interrupted", "Succeeded"]);
      expect(other!.output()).not.toMatch(/could not run|Scheduler tick failed/);
      // The dead worker's queue job did not hold the job's next one back ("short" keeps one waiting, not
      // one running), and the survivor failed it as stale when it recovered the job (cycle-worker.ts).
      // (The survivor's own queue job ends just after its cycle does: its cycle process exits first.)
      await waitFor("the queue jobs to end", async () => !(await queueJobStates(jobId)).includes("active"), 10_000);
      const states = await queueJobStates(jobId);
      expect(states.filter((s) => s !== "completed")).toEqual(["failed"]);
      expect(states.at(-1)).toBe("completed");

      // The target holds each user exactly once, and each is linked once.
      const names = (await listTargetUsers(url, TOKEN)).map((u) => String(u.userName).toLowerCase());
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
    },
    150_000,
  );
});
