import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKind } from "../../db/database-kind";
import { prisma } from "../../db/prisma";
import { sqlStore } from "../../db/sql-store";
import { sql } from "../../db/sql/sql";
import { assign, makeApp } from "../../sync/test-support/engine-fixtures";
import { CYCLE_QUEUE } from "./cycle-queue";
import {
  startSandboxProcess,
  startSchedulerInstance,
  startWorker,
  waitFor,
  waitForWorkerReady,
  type QueueProcess,
} from "./test-support/queue-processes";

/**
 * Three web-like scheduler instances on one PostgreSQL database (PROVISIO_WORKERS=queue), each ticking
 * five times a second: every due job is enqueued once, and once two workers (which tick too) drain the
 * queue, each job has run exactly one cycle and the target holds each user once. Collected on PostgreSQL
 * runs only (vitest.config.ts).
 */
const TOKEN = "scheduler-once-token";
const JOBS = 5;
const USERS = 4;
let target: { url: string; stop: () => void };
const processes: QueueProcess[] = [];

beforeAll(async () => {
  expect(databaseKind()).toBe("postgres");
  target = await startSandboxProcess(TOKEN);
}, 60_000);

afterAll(async () => {
  for (const p of processes) p.child.kill("SIGKILL");
  await Promise.all(processes.map((p) => p.exited));
  target?.stop();
});

type QueueRow = { singletonKey: string | null; state: string };

async function queueJobs(): Promise<QueueRow[]> {
  const rows = await sqlStore().all(
    sql`SELECT singleton_key AS "singletonKey", state::text AS "state" FROM pgboss.job WHERE name = ${CYCLE_QUEUE}`,
  );
  return rows.map((r) => ({ singletonKey: r.singletonKey as string | null, state: String(r.state) }));
}

async function pgbossReady(): Promise<boolean> {
  const rows = await sqlStore().all(
    sql`SELECT COUNT(*)::int AS "n" FROM information_schema.tables WHERE table_schema = 'pgboss' AND table_name = 'job'`,
  );
  return Number(rows[0]!.n) === 1;
}

describe("the scheduler across instances", () => {
  it("enqueues each due job once, and each runs one cycle", async () => {
    const stamp = crypto.randomUUID().slice(0, 6);
    const jobs: { jobId: string; upns: string[] }[] = [];
    for (let j = 0; j < JOBS; j++) {
      const { appId, jobId } = await makeApp({ url: `${target.url}?job=${j}`, token: TOKEN });
      const users = Array.from({ length: USERS }, (_, i) => ({
        id: crypto.randomUUID(),
        userPrincipalName: `once${j}-${i}.${stamp}@contoso.test`,
        mailNickname: `once${j}-${i}`,
        displayName: `Once ${j} ${i}`,
      }));
      await prisma.directoryUser.createMany({ data: users });
      for (const u of users) await assign(appId, "User", u.id);
      jobs.push({ jobId, upns: users.map((u) => u.userPrincipalName.toLowerCase()) });
    }
    // A job that is not due is never enqueued.
    const later = await makeApp({ url: target.url, token: TOKEN });
    await prisma.provisioningJob.update({
      where: { id: later.jobId },
      data: { nextRunAt: new Date(Date.now() + 3_600_000) },
    });
    await prisma.provisioningJob.updateMany({
      where: { id: { in: jobs.map((j) => j.jobId) } },
      data: { nextRunAt: new Date() },
    });

    processes.push(startSchedulerInstance(200), startSchedulerInstance(200), startSchedulerInstance(200));
    await waitFor("the job queue's tables", pgbossReady);
    await waitFor("every due job to be enqueued", async () => (await queueJobs()).length >= JOBS);
    // Many ticks of all three instances later, still one queue job per due job.
    await new Promise((r) => setTimeout(r, 3000));
    const queued = await queueJobs();
    expect(queued.map((q) => q.singletonKey).sort()).toEqual(jobs.map((j) => j.jobId).sort());
    expect(queued.every((q) => q.state === "created")).toBe(true);
    for (const p of processes) expect(p.output()).not.toMatch(/failed|Error/);

    // Two workers drain the queue while the schedulers keep ticking.
    const workers = [startWorker(), startWorker()];
    processes.push(...workers);
    await Promise.all(workers.map((w) => waitForWorkerReady(w)));
    await waitFor(
      "every job's cycle",
      async () =>
        (await prisma.cycle.count({ where: { jobId: { in: jobs.map((j) => j.jobId) }, status: "Succeeded" } })) ===
        JOBS,
    );
    await new Promise((r) => setTimeout(r, 3000));
    for (const { jobId } of jobs) {
      const cycles = await prisma.cycle.findMany({ where: { jobId } });
      expect(cycles.map((c) => c.status)).toEqual(["Succeeded"]);
    }
    expect(await prisma.cycle.count({ where: { jobId: later.jobId } })).toBe(0);
    expect((await queueJobs()).filter((q) => q.state === "created" || q.state === "active")).toEqual([]);

    const res = await fetch(`${target.url}/Users?count=1000`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const names = ((await res.json()) as { Resources: { userName: string }[] }).Resources.map((u) =>
      u.userName.toLowerCase(),
    );
    expect(names.sort()).toEqual(jobs.flatMap((j) => j.upns).sort());
  }, 120_000);
});
