import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { startSandboxServer, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { updateUser } from "../../directory/update-user";
import { setUserAccountEnabled } from "../../directory/set-user-account-enabled";
import { softDeleteUser } from "../../directory/soft-delete-user";
import { hardDeleteUser } from "../../directory/hard-delete-user";
import { restoreUser } from "../../directory/restore-user";
import { updateGroup } from "../../directory/update-group";
import { addGroupMembers } from "../../directory/add-group-members";
import { removeGroupMembers } from "../../directory/remove-group-members";
import { removeAssignment } from "../../applications/remove-assignment";
import { configureEngine } from "../engine-config";
import { runCycle } from "./run-cycle";
import { allowDeletesOnce } from "./allow-deletes-once";
import { restartProvisioning } from "./restart-provisioning";
import { planCycle } from "../plan/plan-cycle";
import { getJobProgress } from "./get-job-progress";
import { listOutboxMessages } from "../../notify/list-outbox-messages";
import { assign, logsOf, makeApp, makeGroup, makeUser } from "../test-support/engine-fixtures";

const TOKEN = "deprovision-token";
let target: SandboxServer;
const calls: { method: string; path: string; body: unknown }[] = [];

beforeAll(async () => {
  target = await startSandboxServer({ token: TOKEN, beforeRequest: (r) => void calls.push(r) });
});
afterAll(() => target.close());

const targetUser = (upn: string) => target.store.findUserByUserName(upn) as Record<string, unknown> | undefined;

describe("deprovisioning", () => {
  it("disables on unassign, disable and filter-out; re-enables; deletes on hard delete", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const a = await makeUser("Ann", "Unassigned");
    const b = await makeUser("Bob", "Disabled");
    const c = await makeUser("Cid", "Filtered");
    const d = await makeUser("Dee", "Deleted");
    const assignments = new Map<string, string>();
    for (const u of [a, b, c, d]) assignments.set(u.id, (await assign(appId, "User", u.id)).id);
    // Scoping filter: department EQUALS Sales.
    const filter = await prisma.scopingFilter.create({
      data: {
        jobId,
        objectType: "User",
        clauses: { create: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] },
      },
    });
    expect(filter.id).toBeTruthy();

    const first = await runCycle(jobId);
    expect(first.counts.created).toBe(4);
    for (const u of [a, b, c, d]) expect(targetUser(u.upn)?.active).toBe(true);

    await removeAssignment({ applicationId: appId, assignmentId: assignments.get(a.id)! }, "test");
    await setUserAccountEnabled({ id: b.id, accountEnabled: false }, "test");
    await updateUser({ id: c.id, department: "HR" }, "test");
    await softDeleteUser({ id: d.id }, "test");
    const plan = await planCycle({ jobId });
    expect(plan.counts.disable).toBe(4);

    calls.length = 0;
    const second = await runCycle(jobId);
    expect(second.type).toBe("Incremental");
    expect(second.counts.disabled).toBe(4);
    for (const u of [a, b, c, d]) expect(targetUser(u.upn)?.active).toBe(false);
    expect(calls.every((x) => x.method === "PATCH")).toBe(true);
    const logs = await logsOf(jobId, second.cycleId);
    expect(logs.map((l) => l.action)).toEqual(["Disable", "Disable", "Disable", "Disable"]);
    expect(
      logs.find((l) => l.sourceId === a.id)?.steps.find((s: { step: string }) => s.step === "Scope").detail,
    ).toMatch(/not assigned/);

    // Re-enable: back in scope, active again.
    await setUserAccountEnabled({ id: b.id, accountEnabled: true }, "test");
    const third = await runCycle(jobId);
    expect(third.counts.updated).toBe(1);
    expect(targetUser(b.upn)?.active).toBe(true);

    // Hard delete: DELETE at the target, the connector entry goes.
    await hardDeleteUser({ id: d.id }, "test");
    const fourth = await runCycle(jobId);
    expect(fourth.counts.deleted).toBe(1);
    expect(targetUser(d.upn)).toBeUndefined();
    expect(await prisma.connectorObject.count({ where: { jobId, sourceId: d.id } })).toBe(0);
  });

  it("holds disables above the deletion threshold, then applies them once allowed", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN, job: { deletionThreshold: 1 } });
    const users = [await makeUser("Gus", "One"), await makeUser("Gil", "Two"), await makeUser("Gia", "Three")];
    const ids = [];
    for (const u of users) ids.push((await assign(appId, "User", u.id)).id);
    await runCycle(jobId);
    await removeAssignment({ applicationId: appId, assignmentId: ids[0] }, "test");
    await removeAssignment({ applicationId: appId, assignmentId: ids[1] }, "test");

    const held = await runCycle(jobId);
    expect(held.status).toBe("Quarantined");
    expect(held.counts.staged).toBe(2);
    expect(held.counts.disabled).toBe(0);
    expect(targetUser(users[0].upn)?.active).toBe(true);
    const logs = await logsOf(jobId, held.cycleId);
    expect(logs.filter((l) => l.action === "StagedDelete")).toHaveLength(2);
    let job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.status).toBe("Quarantine");
    expect(job.quarantineReason).toBe("TooManyDeletes");
    expect((await getJobProgress(jobId)).quarantine?.reason).toBe("TooManyDeletes");

    // Still held on the next cycle (the staged objects are retried, not forgotten).
    const again = await runCycle(jobId);
    expect(again.counts.staged).toBe(2);

    await allowDeletesOnce({ jobId }, "test");
    const allowed = await runCycle(jobId);
    expect(allowed.status).toBe("Succeeded");
    expect(allowed.counts.disabled).toBe(2);
    expect(targetUser(users[0].upn)?.active).toBe(false);
    expect(targetUser(users[1].upn)?.active).toBe(false);
    expect(targetUser(users[2].upn)?.active).toBe(true);
    job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.status).toBe("Active");
    expect(job.allowDeletesOnce).toBe(false);
  });
});

describe("groups", () => {
  it("creates, renames, adds and removes members, and deletes a group", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u1 = await makeUser("Mia", "Member");
    const u2 = await makeUser("Max", "Member");
    const u3 = await makeUser("Moe", "Member");
    const g = await makeGroup("Engineering", [u1.id, u2.id]);
    const assignment = await assign(appId, "Group", g.id);
    const first = await runCycle(jobId);
    expect(first.counts.created).toBe(3);
    const tg = () =>
      target.store.findGroupsByDisplayName("Engineering Core")[0] ??
      target.store.findGroupsByDisplayName("Engineering")[0];
    const members = () =>
      target.store
        .groupMemberIds(tg().id as string)
        .map((id) => target.store.getUser(id)?.userName)
        .sort();
    expect(members()).toEqual([u1.upn, u2.upn].sort());

    await updateGroup({ id: g.id, displayName: "Engineering Core" }, "test");
    await addGroupMembers({ groupId: g.id, userIds: [u3.id] }, "test");
    await removeGroupMembers({ groupId: g.id, userIds: [u1.id] }, "test");
    calls.length = 0;
    const second = await runCycle(jobId);
    expect(second.status).toBe("Succeeded");
    expect(target.store.findGroupsByDisplayName("Engineering Core")).toHaveLength(1);
    expect(members()).toEqual([u2.upn, u3.upn].sort());
    // u1 lost its assignment (it came through the group): disabled.
    expect(targetUser(u1.upn)?.active).toBe(false);
    expect(targetUser(u3.upn)?.active).toBe(true);

    await removeAssignment({ applicationId: appId, assignmentId: assignment.id }, "test");
    const third = await runCycle(jobId);
    expect(third.counts.deleted).toBe(1);
    expect(target.store.findGroupsByDisplayName("Engineering Core")).toHaveLength(0);
  });
});

describe("deprovisioned users leave the target's groups", () => {
  it("removes soft-deleted and filtered-out members, and keeps a disabled one (as Entra does)", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    await prisma.scopingFilter.create({
      data: {
        jobId,
        objectType: "User",
        clauses: { create: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] },
      },
    });
    const stays = await makeUser("Sid", "Stays");
    const deleted = await makeUser("Del", "Soft");
    const disabled = await makeUser("Dis", "Abled");
    const filtered = await makeUser("Fil", "Tered");
    const g = await makeGroup("Deprovisioned members", [stays.id, deleted.id, disabled.id, filtered.id]);
    await assign(appId, "Group", g.id);
    expect((await runCycle(jobId)).counts.created).toBe(5);
    const group = () => target.store.findGroupsByDisplayName("Deprovisioned members")[0];
    const members = () =>
      target.store
        .groupMemberIds(group().id as string)
        .map((id) => target.store.getUser(id)?.userName)
        .sort();
    expect(members()).toEqual([stays.upn, deleted.upn, disabled.upn, filtered.upn].sort());

    await softDeleteUser({ id: deleted.id }, "test");
    await setUserAccountEnabled({ id: disabled.id, accountEnabled: false }, "test");
    await updateUser({ id: filtered.id, department: "Legal" }, "test");
    expect((await planCycle({ jobId })).counts.memberChanges).toBe(2);
    const s = await runCycle(jobId);
    expect(s.status).toBe("Succeeded");
    expect(s.counts.disabled).toBe(3);
    // All three are disabled at the target; only the disabled one keeps its membership.
    for (const u of [deleted, disabled, filtered]) expect(targetUser(u.upn)?.active).toBe(false);
    expect(members()).toEqual([stays.upn, disabled.upn].sort());
    const entry = (await logsOf(jobId, s.cycleId)).find((l) => l.objectType === "Group");
    expect(entry?.steps.at(-1).detail).toMatch(/0 added, 2 removed/);

    // Restored and back in scope: members again.
    await restoreUser({ id: deleted.id }, "test");
    await updateUser({ id: filtered.id, department: "Sales" }, "test");
    await runCycle(jobId);
    expect(members()).toEqual([stays.upn, deleted.upn, disabled.upn, filtered.upn].sort());
  });
});

describe("matching and quarantine", () => {
  it("adopts a user that already exists at the target without creating a duplicate", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Pre", "Existing");
    const seeded = await target.store.seedUser({ userName: u.upn, displayName: "Old Name", active: true });
    await assign(appId, "User", u.id);
    const s = await runCycle(jobId);
    expect(s.counts.created).toBe(0);
    expect(s.counts.updated).toBe(1);
    const all = target.store.listUsers().filter((x) => String(x.userName).toLowerCase() === u.upn);
    expect(all).toHaveLength(1);
    expect(all[0].id).toBe(seeded.id);
    expect(all[0].displayName).toBe("Pre Existing");
    const conn = await prisma.connectorObject.findFirstOrThrow({ where: { jobId, sourceId: u.id } });
    expect(conn.targetId).toBe(seeded.id);
  });

  it("quarantines on a bad token with a backoff, and leaves quarantine on restart", async () => {
    const restore = configureEngine({ quarantineBackoffMs: [60_000, 120_000] });
    try {
      const { appId, jobId } = await makeApp({
        url: target.url,
        token: "wrong-token",
        job: { notificationEmail: "ops@contoso.test", sendOnFailure: true },
      });
      const u = await makeUser("Bad", "Token");
      await assign(appId, "User", u.id);
      const before = Date.now();
      const s = await runCycle(jobId);
      expect(s.status).toBe("Quarantined");
      expect(s.quarantineReason).toBe("InvalidCredentials");
      let job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
      expect(job.status).toBe("Quarantine");
      expect(job.watermark).toBe(0);
      expect(job.nextRunAt!.getTime()).toBeGreaterThanOrEqual(before + 60_000);
      // The notification email is raised once for the quarantine.
      const { messages } = await listOutboxMessages();
      expect(messages.filter((m) => /quarantine/i.test(m.subject))).toHaveLength(1);
      const s2 = await runCycle(jobId);
      expect(s2.status).toBe("Quarantined");
      job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
      expect(job.nextRunAt!.getTime()).toBeGreaterThanOrEqual(Date.now() + 100_000);
      await restartProvisioning({ jobId }, "test");
      job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
      expect(job.status).toBe("Active");
      expect(job.quarantineReason).toBeNull();
      expect(job.fullSyncRequired).toBe(true);
    } finally {
      restore();
    }
  });
});
