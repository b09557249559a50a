import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { getChangePropagation } from "../../jobs/get-change-propagation";
import { idleScheduler, startScheduler, stopScheduler } from "../../jobs/scheduler";
import { startSandboxServer, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { runCycle } from "../../sync/cycle/run-cycle";
import { assign, makeApp } from "../../sync/test-support/engine-fixtures";
import type { ScimPushServer } from "./start-scim-push-server";
import {
  GROUP_SCHEMA,
  PATCH_OP,
  USER_SCHEMA,
  addPushSource,
  startPushServer,
  type PushSource,
} from "../test-support/scim-push-client";

// Pushes reach an assigned application's target with no one starting a cycle: the scheduler's change watch
// wakes the job. The job's next scheduled run is an hour away, so only the wake-up can explain the arrival.

const TOKEN = "push-to-target";
let target: SandboxServer;
let server: ScimPushServer;
let idp: PushSource;
let jobId: string;
let appId: string;
let groupId: string;

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  process.env.PROVISIO_CYCLE_PROCESS = "inline";
  target = await startSandboxServer({ token: TOKEN });
  server = await startPushServer();
  idp = await addPushSource(server, "Entra ID for the target test");
  const group = await idp.scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "Sales (pushed)" });
  groupId = group.body!.id;
  const app = await makeApp({ url: target.url, token: TOKEN });
  jobId = app.jobId;
  appId = app.appId;
  await assign(app.appId, "Group", groupId);
  await runCycle(jobId);
  await prisma.provisioningJob.update({ where: { id: jobId }, data: { nextRunAt: new Date(Date.now() + 3_600_000) } });
  startScheduler({ tickMs: 1000 });
});
afterAll(async () => {
  stopScheduler();
  await idleScheduler();
  await server.close();
  await target.close();
});

describe("a push reaches the assigned application's target", () => {
  it("creates, updates, disables and deprovisions as Entra's pushes arrive", async () => {
    expect(target.store.findGroupsByDisplayName("Sales (pushed)")).toHaveLength(1);
    const created = await idp.scim("POST", "/Users", {
      schemas: [USER_SCHEMA],
      userName: "pushed.user@contoso.com",
      name: { givenName: "Pushed", familyName: "User" },
      title: "Seller",
      active: true,
    });
    const userId = created.body!.id;
    expect(
      (await idp.scim("PATCH", `/Groups/${groupId}`, patch({ op: "Add", path: "members", value: [{ value: userId }] })))
        .status,
    ).toBe(204);
    const arrived = await eventually(
      () => target.store.findUserByUserName("pushed.user@contoso.com"),
      (u) => !!u,
      "the pushed user at the target",
    );
    expect(arrived).toMatchObject({ title: "Seller", active: true });
    const tg = target.store.findGroupsByDisplayName("Sales (pushed)")[0];
    await eventually(
      () => target.store.groupMemberIds(tg.id as string),
      (ids) => ids.includes(arrived!.id as string),
      "membership",
    );

    await idp.scim("PATCH", `/Users/${userId}`, patch({ op: "Replace", path: "title", value: "Sales Lead" }));
    await eventually(
      () => target.store.findUserByUserName("pushed.user@contoso.com")?.title,
      (t) => t === "Sales Lead",
      "title",
    );

    await idp.scim("PATCH", `/Users/${userId}`, patch({ op: "Replace", path: "active", value: "False" }));
    await eventually(
      () => target.store.findUserByUserName("pushed.user@contoso.com")?.active,
      (a) => a === false,
      "disable",
    );

    await idp.scim("PATCH", `/Users/${userId}`, patch({ op: "Replace", path: "active", value: "True" }));
    await eventually(
      () => target.store.findUserByUserName("pushed.user@contoso.com")?.active,
      (a) => a === true,
      "enable",
    );

    await idp.scim(
      "PATCH",
      `/Groups/${groupId}`,
      patch({ op: "Replace", path: "displayName", value: "Sales EMEA (pushed)" }),
    );
    await eventually(
      () => target.store.findGroupsByDisplayName("Sales EMEA (pushed)"),
      (g) => g.length === 1,
      "rename",
    );

    await idp.scim("DELETE", `/Users/${userId}`);
    await eventually(
      () => target.store.findUserByUserName("pushed.user@contoso.com")?.active,
      (a) => a === false,
      "deprovision",
    );

    // Every cycle after the initial one was an incremental cycle started by a wake-up, one at a time.
    const cycles = await prisma.cycle.findMany({ where: { jobId }, orderBy: { startedAt: "asc" } });
    expect(cycles[0].type).toBe("Initial");
    expect(cycles.slice(1).every((c) => c.type === "Incremental")).toBe(true);
    for (let i = 1; i < cycles.length; i++) {
      expect(cycles[i].startedAt.getTime()).toBeGreaterThanOrEqual(cycles[i - 1].endedAt!.getTime());
    }
  });

  it("reports the last change received and how long it took to reach the target", async () => {
    await idleScheduler();
    const propagation = (await getChangePropagation(appId))!;
    const deleted = await prisma.directoryChange.findFirstOrThrow({
      where: { kind: "SoftDeleted" },
      orderBy: { seq: "desc" },
    });
    expect(propagation.lastChangeAt).toEqual(deleted.at);
    const lastWriting = await prisma.cycle.findFirstOrThrow({
      where: { jobId, type: "Incremental", OR: [{ updated: { gt: 0 } }, { disabled: { gt: 0 } }] },
      orderBy: { startedAt: "desc" },
    });
    expect(propagation.lastPropagation).toMatchObject({ cycleId: lastWriting.id, objects: 1 });
    const entry = await prisma.provisioningLogEntry.findFirstOrThrow({
      where: { cycleId: lastWriting.id, status: "Success", objectType: "User" },
    });
    expect(propagation.lastPropagation!.seconds).toBe((entry.at.getTime() - deleted.at.getTime()) / 1000);
  });

  it("follows Okta's PUT and deactivation, and Entra's member removal and group delete", async () => {
    const team = await idp.scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "Support (pushed)" });
    const teamId = team.body!.id;
    await assign(appId, "Group", teamId);
    const created = await idp.scim("POST", "/Users", {
      schemas: [USER_SCHEMA],
      userName: "okta.user@contoso.com",
      name: { givenName: "Okta", familyName: "User" },
      displayName: "Okta User",
      title: "Agent",
      password: "never-stored-1",
      active: true,
    });
    const userId = created.body!.id;
    // In both assigned groups, so leaving one keeps the user in scope.
    for (const g of [groupId, teamId]) {
      const add = await idp.scim("PATCH", `/Groups/${g}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "add", path: "members", value: [{ value: userId, display: "okta.user@contoso.com" }] }],
      });
      expect(add.status).toBe(204);
    }
    const arrived = await eventually(
      () => target.store.findUserByUserName("okta.user@contoso.com"),
      (u) => !!u,
      "the Okta user at the target",
    );
    const targetTeam = await eventually(
      () => target.store.findGroupsByDisplayName("Support (pushed)")[0],
      (g) => !!g && target.store.groupMemberIds(g.id as string).includes(arrived!.id as string),
      "the Support group with its member at the target",
    );

    // Okta: a full PUT after a GET.
    const current = await idp.scim("GET", `/Users/${userId}`);
    const put = await idp.scim("PUT", `/Users/${userId}`, {
      ...current.body!,
      displayName: "Okta Renamed",
      title: "Lead",
    });
    expect(put.status).toBe(200);
    await eventually(
      () => target.store.findUserByUserName("okta.user@contoso.com"),
      (u) => u?.displayName === "Okta Renamed" && u?.title === "Lead",
      "the PUT at the target",
    );

    // Entra: members removed in a batch (PascalCase op, a value list).
    const remove = await idp.scim(
      "PATCH",
      `/Groups/${teamId}`,
      patch({ op: "Remove", path: "members", value: [{ value: userId }] }),
    );
    expect(remove.status).toBe(204);
    await eventually(
      () => target.store.groupMemberIds(targetTeam!.id as string),
      (ids) => !ids.includes(arrived!.id as string),
      "the member removed at the target",
    );
    expect(target.store.findUserByUserName("okta.user@contoso.com")?.active).toBe(true);

    // Okta: deactivate with a path-less PATCH.
    const off = await idp.scim("PATCH", `/Users/${userId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(off.status).toBe(200);
    await eventually(
      () => target.store.findUserByUserName("okta.user@contoso.com")?.active,
      (a) => a === false,
      "the deactivation at the target",
    );

    // Entra: delete the group; the target's group goes too (the job deletes groups).
    expect((await idp.scim("DELETE", `/Groups/${teamId}`)).status).toBe(204);
    await eventually(
      () => target.store.findGroupsByDisplayName("Support (pushed)"),
      (g) => g.length === 0,
      "the group deleted at the target",
    );
    const user = await prisma.directoryUser.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({
      displayName: "Okta Renamed",
      jobTitle: "Lead",
      accountEnabled: false,
      deletedAt: null,
    });
  });
});
