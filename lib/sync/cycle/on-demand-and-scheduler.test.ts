import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { startSandboxServer, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { idleScheduler, startScheduler, stopScheduler, wakeScheduler } from "../../jobs/scheduler";
import { provisionOnDemand } from "./provision-on-demand";
import { getJobProgress } from "./get-job-progress";
import { runCycle } from "./run-cycle";
import { assign, logsOf, makeApp, makeGroup, makeUser } from "../test-support/engine-fixtures";

const TOKEN = "on-demand-token";
let target: SandboxServer;
beforeAll(async () => {
  target = await startSandboxServer({ token: TOKEN });
});
afterAll(async () => {
  stopScheduler();
  await target.close();
});

describe("provision on demand", () => {
  it("provisions one user and reports the four steps", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("On", "Demand");
    await assign(appId, "User", u.id);
    const r = await provisionOnDemand({ jobId, objectType: "User", sourceId: u.id, actor: "test" });
    expect(r.status).toBe("Succeeded");
    expect(r.object?.action).toBe("Create");
    expect(r.object?.steps.map((s) => s.step)).toEqual(["Import", "Scope", "Match", "Action"]);
    expect(r.durationMs).toBeLessThan(30_000);
    expect(target.store.findUserByUserName(u.upn)).toBeDefined();
    const cycle = await prisma.cycle.findUniqueOrThrow({ where: { id: r.cycleId } });
    expect(cycle.type).toBe("OnDemand");
    expect((await logsOf(jobId, r.cycleId))[0].action).toBe("Create");

    // Out of scope: the steps say why, and nothing is created.
    const other = await makeUser("Not", "Assigned");
    const r2 = await provisionOnDemand({ jobId, objectType: "User", sourceId: other.id, actor: "test" });
    expect(r2.object?.action).toBe("Skipped");
    expect(r2.object?.steps.find((s) => s.step === "Scope")?.detail).toMatch(/not assigned/);
    expect(target.store.findUserByUserName(other.upn)).toBeUndefined();
  });

  it("provisions a group with its members (at most 5)", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const members = [await makeUser("Gm", "One"), await makeUser("Gm", "Two")];
    const g = await makeGroup(
      "On demand group",
      members.map((m) => m.id),
    );
    await assign(appId, "Group", g.id);
    const r = await provisionOnDemand({ jobId, objectType: "Group", sourceId: g.id, actor: "test" });
    expect(r.status).toBe("Succeeded");
    expect(r.members).toHaveLength(2);
    const tg = target.store.findGroupsByDisplayName("On demand group")[0];
    expect(target.store.groupMemberIds(tg.id as string)).toHaveLength(2);
    expect(r.object?.steps.at(-1)?.detail).toMatch(/2 added/);

    const big = await makeGroup(
      "Big group",
      (await Promise.all([1, 2, 3, 4, 5, 6].map((i) => makeUser("Big", `M${i}`)))).map((u) => u.id),
    );
    await expect(provisionOnDemand({ jobId, objectType: "Group", sourceId: big.id, actor: "test" })).rejects.toThrow(
      /up to 5/,
    );

    // The same member chosen twice is provisioned once: one create, no 409.
    const twice = await makeUser("Chosen", "Twice");
    const g2 = await makeGroup("Chosen twice group", [twice.id]);
    await assign(appId, "Group", g2.id);
    const before = target.stats.requests;
    const r2 = await provisionOnDemand({
      jobId,
      objectType: "Group",
      sourceId: g2.id,
      memberIds: [twice.id, twice.id],
      actor: "test",
    });
    expect(r2.status).toBe("Succeeded");
    expect(r2.members).toHaveLength(1);
    expect(r2.members?.[0].action).toBe("Create");
    expect(target.store.findUserByUserName(twice.upn)).toBeDefined();
    // match query + create for the user, match query + create for the group, one membership PATCH
    expect(target.stats.requests - before).toBeLessThanOrEqual(5);
  });
});

describe("scheduler", () => {
  it("runs due enabled jobs and schedules the next run", async () => {
    const { appId, jobId } = await makeApp({
      url: target.url,
      token: TOKEN,
      job: { nextRunAt: new Date(Date.now() - 1000), cycleIntervalMinutes: 7 },
    });
    const u = await makeUser("Sched", "Uled");
    await assign(appId, "User", u.id);
    startScheduler({ tickMs: 60_000 });
    startScheduler(); // a second start is ignored
    wakeScheduler();
    for (let i = 0; i < 100 && (await prisma.cycle.count({ where: { jobId } })) === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    await idleScheduler();
    expect(target.store.findUserByUserName(u.upn)).toBeDefined();
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.status).toBe("Active");
    const inMinutes = (job.nextRunAt!.getTime() - Date.now()) / 60_000;
    expect(inMinutes).toBeGreaterThan(6.5);
    expect(inMinutes).toBeLessThanOrEqual(7);
    const progress = await getJobProgress(jobId);
    expect(progress.current).toBeNull();
    expect(progress.last?.counts.created).toBe(1);
    expect(progress.statistics).toEqual({ users: 1, disabledUsers: 0, groups: 0, failing: 0 });
    // A second cycle for the same job is refused while one holds the lease.
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { leaseOwner: "other-host:1:x", leaseUntil: new Date(Date.now() + 60_000) },
    });
    await expect(runCycle(jobId)).rejects.toThrow(/already running/);
  });
});
