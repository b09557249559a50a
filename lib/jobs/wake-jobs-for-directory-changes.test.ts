import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { updateUser } from "../directory/update-user";
import { startSandboxServer, type SandboxServer } from "../sandbox/start-sandbox-server";
import { runCycle } from "../sync/cycle/run-cycle";
import { assign, makeApp, makeGroup, makeUser } from "../sync/test-support/engine-fixtures";
import {
  CHANGE_MAX_WAIT_MS,
  CHANGE_QUIET_MS,
  INLINE_WAKE_MAX_CHANGES,
  isSmallWake,
  resetChangeWatch,
  wakeJobsForDirectoryChanges,
} from "./wake-jobs-for-directory-changes";

const TOKEN = "wake-token";
const HOUR = 3_600_000;
let target: SandboxServer;

beforeAll(async () => {
  target = await startSandboxServer({ token: TOKEN });
});
afterAll(async () => {
  await target.close();
});
// Each test looks at its own applications only: the others of this file are turned off first.
beforeEach(async () => {
  resetChangeWatch();
  await prisma.provisioningJob.updateMany({ data: { enabled: false } });
});

/** An application whose initial cycle has run: Active, watermark at the head, next run an hour away. */
async function provisionedApp(opts: { scope?: "AssignedOnly" | "All" } = {}) {
  const { appId, jobId } = await makeApp({
    url: target.url,
    token: TOKEN,
    job: { scope: opts.scope ?? "AssignedOnly" },
  });
  return { appId, jobId };
}

async function settle(jobId: string) {
  await runCycle(jobId);
  await prisma.provisioningJob.update({ where: { id: jobId }, data: { nextRunAt: new Date(Date.now() + HOUR) } });
}

async function lastChangeAt(): Promise<number> {
  const head = await prisma.directoryChange.findFirstOrThrow({ orderBy: { seq: "desc" } });
  return head.at.getTime();
}

const nextRunAt = async (jobId: string) =>
  (await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).nextRunAt!.getTime();

describe("waking jobs for directory changes", () => {
  it("wakes an assigned user's application once the change has settled, and not another application", async () => {
    const alex = await makeUser("Wake", "Alex");
    const { appId, jobId } = await provisionedApp();
    const other = await provisionedApp();
    await assign(appId, "User", alex.id);
    await settle(jobId);
    await settle(other.jobId);

    await updateUser({ id: alex.id, jobTitle: "Engineer" }, "test");
    const at = await lastChangeAt();
    const early = await wakeJobsForDirectoryChanges({ now: at + 10 });
    expect(early).toEqual({ woken: [], pending: [jobId] });
    expect(await nextRunAt(jobId)).toBeGreaterThan(Date.now() + HOUR / 2);

    const later = await wakeJobsForDirectoryChanges({ now: at + CHANGE_QUIET_MS });
    expect(later.woken).toEqual([jobId]);
    expect(await nextRunAt(jobId)).toBeLessThanOrEqual(at + CHANGE_QUIET_MS);
    // The other application has nothing to do with Alex.
    expect(await nextRunAt(other.jobId)).toBeGreaterThan(Date.now() + HOUR / 2);

    // Once a cycle has taken the change, nothing is pending any more.
    await settle(jobId);
    expect(await wakeJobsForDirectoryChanges({ now: Date.now() + 10_000 })).toEqual({ woken: [], pending: [] });
  });

  it("counts members of assigned groups and linked users, and ignores unrelated ones", async () => {
    const member = await makeUser("Wake", "Member");
    const stranger = await makeUser("Wake", "Stranger");
    const group = await makeGroup("Wake group", [member.id]);
    const { appId, jobId } = await provisionedApp();
    await assign(appId, "Group", group.id);
    await settle(jobId);

    await updateUser({ id: stranger.id, jobTitle: "Nobody's" }, "test");
    expect(await wakeJobsForDirectoryChanges({ now: (await lastChangeAt()) + 60_000 })).toEqual({
      woken: [],
      pending: [],
    });

    await updateUser({ id: member.id, jobTitle: "Member" }, "test");
    expect((await wakeJobsForDirectoryChanges({ now: (await lastChangeAt()) + 60_000 })).woken).toEqual([jobId]);
  });

  it("makes one wake-up of a burst, at the latest CHANGE_MAX_WAIT_MS after its first change", async () => {
    const users = await Promise.all([1, 2, 3, 4, 5].map((i) => makeUser("Burst", `U${i}`)));
    const { jobId } = await provisionedApp({ scope: "All" });
    await settle(jobId);
    await updateUser({ id: users[0].id, jobTitle: "1" }, "test");
    const first = await lastChangeAt();
    for (const u of users.slice(1)) await updateUser({ id: u.id, jobTitle: "n" }, "test");
    // Changes keep coming: not settled by quiet, but the burst is cut at the maximum wait.
    expect((await wakeJobsForDirectoryChanges({ now: first + 1 })).woken).toEqual([]);
    const cut = await wakeJobsForDirectoryChanges({ now: first + CHANGE_MAX_WAIT_MS });
    expect(cut.woken).toEqual([jobId]);
    const cycle = await runCycle(jobId);
    expect(cycle.type).toBe("Incremental");
    expect(cycle.counts.updated).toBe(5);
  });

  it("does not wake a job whose cycle is running, and wakes it after if changes came meanwhile", async () => {
    const u = await makeUser("Wake", "Running");
    const { jobId } = await provisionedApp({ scope: "All" });
    await settle(jobId);
    await updateUser({ id: u.id, jobTitle: "During" }, "test");
    const at = await lastChangeAt();
    const res = await wakeJobsForDirectoryChanges({ now: at + 60_000, isRunning: (id) => id === jobId });
    expect(res).toEqual({ woken: [], pending: [jobId] });
    expect((await wakeJobsForDirectoryChanges({ now: at + 60_000 })).woken).toEqual([jobId]);
  });

  it("stops waking a job whose woken cycle did not move its watermark (no loop of failing cycles)", async () => {
    const u = await makeUser("Wake", "Stuck");
    const { jobId } = await provisionedApp({ scope: "All" });
    await settle(jobId);
    await updateUser({ id: u.id, jobTitle: "Stuck" }, "test");
    const at = await lastChangeAt();
    expect((await wakeJobsForDirectoryChanges({ now: at + 60_000 })).woken).toEqual([jobId]);
    // A cycle ran (and failed: the watermark stayed) after the wake-up.
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { lastCycleEndedAt: new Date(at + 61_000), nextRunAt: new Date(at + HOUR) },
    });
    expect(await wakeJobsForDirectoryChanges({ now: at + 62_000 })).toEqual({ woken: [], pending: [] });
  });

  it("sees a change written by another process", async () => {
    const u = await makeUser("Wake", "Elsewhere");
    const { jobId } = await provisionedApp({ scope: "All" });
    await settle(jobId);
    const script = path.join(__dirname, "test-support/update-user-in-another-process.ts");
    await promisify(execFile)(process.execPath, ["--import", "tsx", script, u.id, "From the CLI"], {
      env: process.env,
    });
    expect((await prisma.directoryUser.findUniqueOrThrow({ where: { id: u.id } })).jobTitle).toBe("From the CLI");
    expect((await wakeJobsForDirectoryChanges({ now: (await lastChangeAt()) + 60_000 })).woken).toEqual([jobId]);
  });

  it("runs a few changes' incremental cycle in this process, a large burst or an initial cycle in a cycle process", async () => {
    const { jobId } = await provisionedApp({ scope: "All" });
    const user = await makeUser("Inline", "Ivy");
    // Before its initial cycle, the job's next cycle is a full one: never in the server.
    await wakeJobsForDirectoryChanges({ now: (await lastChangeAt()) + 60_000 });
    expect(isSmallWake(jobId)).toBe(false);

    await settle(jobId);
    resetChangeWatch();
    await updateUser({ id: user.id, jobTitle: "One change" }, "test");
    expect((await wakeJobsForDirectoryChanges({ now: (await lastChangeAt()) + 60_000 })).woken).toEqual([jobId]);
    expect(isSmallWake(jobId)).toBe(true);

    for (let i = 0; i < INLINE_WAKE_MAX_CHANGES; i++)
      await updateUser({ id: user.id, jobTitle: `Change ${i}` }, "test");
    expect((await wakeJobsForDirectoryChanges({ now: (await lastChangeAt()) + 60_000 })).woken).toEqual([jobId]);
    expect(isSmallWake(jobId)).toBe(false);
  });
});
