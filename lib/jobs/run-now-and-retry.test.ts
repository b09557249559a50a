import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveProvisioningConfig } from "../applications/provisioning/save-provisioning-config";
import { testCredentials } from "../applications/provisioning/test-credentials";
import { prisma } from "../db/prisma";
import { updateUser } from "../directory/update-user";
import { startSandboxServer, type SandboxServer } from "../sandbox/start-sandbox-server";
import { getJobProgress } from "../sync/cycle/get-job-progress";
import { runCycle } from "../sync/cycle/run-cycle";
import { assign, makeApp, makeUser } from "../sync/test-support/engine-fixtures";
import { retryQuarantinedJob } from "./retry-quarantined-job";
import { runJobNow } from "./run-job-now";
import { idleScheduler, stopScheduler } from "./scheduler";

const TOKEN = "run-now-token";
let target: SandboxServer;
beforeAll(async () => {
  target = await startSandboxServer({ token: TOKEN });
});
afterAll(async () => {
  stopScheduler();
  await target.close();
});

/** Waits for the cycle the scheduler's wake started (a cycle process of its own) to finish. */
async function cycleAfter(jobId: string, count: number) {
  for (let i = 0; i < 400 && (await prisma.cycle.count({ where: { jobId } })) <= count; i++)
    await new Promise((r) => setTimeout(r, 50));
  await idleScheduler();
  return prisma.cycle.findFirstOrThrow({ where: { jobId }, orderBy: { startedAt: "desc" } });
}

describe("Run now", () => {
  it("starts an incremental cycle now through the scheduler's wake path", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Run", "Now");
    await assign(appId, "User", u.id);
    await runCycle(jobId);
    const scheduled = (await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).nextRunAt!;
    expect(scheduled.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000); // 40 minutes away
    await updateUser({ id: u.id, jobTitle: "Now" }, "test");

    await runJobNow({ jobId }, "admin");
    const cycle = await cycleAfter(jobId, 1);
    expect(cycle).toMatchObject({ type: "Incremental", status: "Succeeded", updated: 1 });
    expect(target.store.findUserByUserName(u.upn)?.title).toBe("Now");
    const audit = await prisma.auditEvent.findFirst({
      where: { applicationId: appId, action: "provisioning.run_now" },
    });
    expect(audit?.actor).toBe("admin");
  }, 60_000);

  it("is refused while provisioning is Off, in quarantine, or running a cycle; a held lease alone is no refusal", async () => {
    const { jobId } = await makeApp({ url: target.url, token: TOKEN });
    await prisma.provisioningJob.update({ where: { id: jobId }, data: { enabled: false, status: "Paused" } });
    await expect(runJobNow({ jobId }, "admin")).rejects.toMatchObject({ code: "run_now.off" });
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { enabled: true, status: "Quarantine", quarantineReason: "InvalidCredentials" },
    });
    await expect(runJobNow({ jobId }, "admin")).rejects.toMatchObject({ code: "run_now.quarantined" });
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: {
        status: "Active",
        quarantineReason: null,
        leaseOwner: "h:1:x",
        leaseUntil: new Date(Date.now() + 60_000),
      },
    });
    // The lease is held while a cycle starts and ends; only a running cycle refuses.
    await runJobNow({ jobId }, "admin");
    expect(
      (await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).nextRunAt!.getTime(),
    ).toBeLessThanOrEqual(Date.now());
    await prisma.cycle.create({ data: { jobId, type: "Incremental", status: "Running" } });
    await expect(runJobNow({ jobId }, "admin")).rejects.toMatchObject({ code: "cycle.running" });
    await expect(runJobNow({ jobId: "no-such-job" }, "admin")).rejects.toMatchObject({ code: "job.not_found" });
  });
});

describe("Retry now", () => {
  it("after a passed Test Connection, leaves quarantine and runs the cycle now", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: "revoked-token" });
    const u = await makeUser("Retry", "Now");
    await assign(appId, "User", u.id);
    expect((await runCycle(jobId)).status).toBe("Quarantined");
    let progress = await getJobProgress(jobId);
    expect(progress.quarantine).toMatchObject({ reason: "InvalidCredentials", retryReady: false });
    await expect(retryQuarantinedJob({ jobId }, "admin")).rejects.toMatchObject({ code: "retry.test_first" });
    // A passed test with other credentials than the saved ones does not count.
    expect(
      (await testCredentials({ applicationId: appId, tenantUrl: target.url, secretToken: TOKEN }, "admin")).ok,
    ).toBe(true);
    expect((await getJobProgress(jobId)).quarantine?.retryReady).toBe(false);

    // The admin saves the new token (tested above) and tests the saved credentials.
    await saveProvisioningConfig(
      {
        applicationId: appId,
        mode: "Automatic",
        tenantUrl: target.url,
        secretToken: TOKEN,
        notificationEmail: "",
        sendOnFailure: false,
        scope: "AssignedOnly",
        preventAccidentalDeletion: true,
        deletionThreshold: "500",
        skipOutOfScopeDeletions: false,
        enabled: true,
      },
      "admin",
    );
    expect((await testCredentials({ applicationId: appId, tenantUrl: target.url, secretToken: "" }, "admin")).ok).toBe(
      true,
    );
    progress = await getJobProgress(jobId);
    expect(progress.quarantine).toMatchObject({ reason: "InvalidCredentials", retryReady: true });

    await retryQuarantinedJob({ jobId }, "admin");
    const cycle = await cycleAfter(jobId, 1);
    expect(cycle).toMatchObject({ status: "Succeeded", created: 1 });
    expect(target.store.findUserByUserName(u.upn)).toBeDefined();
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "Active", quarantineReason: null, quarantineLevel: 0 });
    await expect(retryQuarantinedJob({ jobId }, "admin")).rejects.toMatchObject({ code: "retry.not_quarantined" });
  }, 60_000);

  it("leaves held deletes to Allow deletes", async () => {
    const { jobId } = await makeApp({ url: target.url, token: TOKEN });
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { status: "Quarantine", quarantineReason: "TooManyDeletes", quarantineSince: new Date() },
    });
    await expect(retryQuarantinedJob({ jobId }, "admin")).rejects.toMatchObject({ code: "retry.deletes_held" });
    expect((await getJobProgress(jobId)).quarantine?.retryReady).toBe(false);
  });
});
