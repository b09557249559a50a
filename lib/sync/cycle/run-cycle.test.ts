import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { startSandboxServer, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { updateUser } from "../../directory/update-user";
import { runCycle } from "./run-cycle";
import { assign, logsOf, makeApp, makeGroup, makeUser } from "../test-support/engine-fixtures";

const TOKEN = "engine-test-token";
let target: SandboxServer;
const calls: { method: string; path: string; body: unknown }[] = [];

beforeAll(async () => {
  target = await startSandboxServer({
    token: TOKEN,
    beforeRequest: (req) => {
      calls.push(req);
      return undefined;
    },
  });
});
afterAll(async () => {
  await target.close();
});

describe("initial and incremental cycles against the sandbox", () => {
  it("creates assigned users and groups, then sends only the differing attributes", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const alex = await makeUser("Alex", "Wilber");
    const megan = await makeUser("Megan", "Bowen");
    const unassigned = await makeUser("Nobody", "Here");
    const group = await makeGroup("Sales team", [alex.id, megan.id]);
    await assign(appId, "User", alex.id);
    await assign(appId, "Group", group.id);
    const defaultAccess = await makeUser("Default", "Access");
    await assign(appId, "User", defaultAccess.id, "Default Access");

    const first = await runCycle(jobId);
    expect(first.status).toBe("Succeeded");
    expect(first.type).toBe("Initial");
    expect(first.counts.created).toBe(3);
    const users = target.store.listUsers();
    expect(users.map((u) => u.userName).sort()).toEqual([alex.upn, megan.upn]);
    expect(target.store.findUserByUserName(unassigned.upn)).toBeUndefined();
    // "Default Access" is never provisioned (Entra: not effectively entitled).
    expect(target.store.findUserByUserName(defaultAccess.upn)).toBeUndefined();
    const groups = target.store.listGroups();
    expect(groups).toHaveLength(1);
    expect(target.store.groupMemberIds(groups[0].id as string).sort()).toEqual(users.map((u) => u.id).sort());

    // No change: no request at all.
    calls.length = 0;
    const idle = await runCycle(jobId);
    expect(idle.type).toBe("Incremental");
    expect(idle.requests).toBe(0);
    expect(calls).toHaveLength(0);

    // Rename and change department: one PATCH with just those attributes.
    await updateUser({ id: alex.id, displayName: "Alex W. Wilber", department: "Marketing" }, "test");
    calls.length = 0;
    const third = await runCycle(jobId);
    expect(third.counts.updated).toBe(1);
    expect(calls.map((c) => c.method)).toEqual(["PATCH"]);
    const body = calls[0].body as { Operations: { path: string }[] };
    expect(body.Operations.map((o) => o.path).sort()).toEqual(
      ["displayName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"].sort(),
    );
    const logs = await logsOf(jobId, third.cycleId);
    expect(logs).toHaveLength(1);
    expect(logs[0].action).toBe("Update");
    expect(logs[0].modifiedProperties.map((p: { name: string }) => p.name)).toContain("displayName");
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.status).toBe("Active");
  });
});
