import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { idleScheduler, startScheduler, stopScheduler } from "../../jobs/scheduler";
import { startSandboxServer, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { runCycle } from "../../sync/cycle/run-cycle";
import { assign, makeApp } from "../../sync/test-support/engine-fixtures";
import { idleLdapSync, startLdapSyncScheduler, stopLdapSyncScheduler } from "./ldap-sync-scheduler";
import { runLdapSync } from "./run-ldap-sync";
import { addLdapSource, seedLdapBranch, testLdap, type LdapBranch } from "./test-support/ldap-fixture";

// A change in LDAP reaches an assigned application's SCIM target with no one starting anything: the LDAP
// sync's delta (every 10 s) writes the directory, and the directory change wakes the job. The job's next
// scheduled cycle is an hour away, so only the wake-up can explain the arrival.

const TOKEN = "ldap-to-target";
let target: SandboxServer;
let branch: LdapBranch;

async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  process.env.PROVISIO_CYCLE_PROCESS = "inline";
  target = await startSandboxServer({ token: TOKEN });
  branch = await seedLdapBranch(testLdap(), "target");
});
afterAll(async () => {
  stopLdapSyncScheduler();
  stopScheduler();
  await idleLdapSync();
  await idleScheduler();
  await branch?.close();
  await target?.close();
});

describe("an LDAP change reaches the target", () => {
  it("a changed title and a new group member arrive at the sandbox target", async () => {
    const { id: sourceId } = await addLdapSource(testLdap(), {
      name: "Directory for the target test",
      preset: "OpenLdap",
      baseDn: branch.openLdapBase,
      overrides: { intervalSeconds: 10 },
    });
    expect((await runLdapSync(sourceId)).status).toBe("Succeeded");
    const group = await prisma.directoryGroup.findFirstOrThrow({ where: { sourceId, displayName: "Engineers" } });
    const app = await makeApp({ url: target.url, token: TOKEN });
    await assign(app.appId, "Group", group.id);
    await runCycle(app.jobId);
    await prisma.provisioningJob.update({
      where: { id: app.jobId },
      data: { nextRunAt: new Date(Date.now() + 3_600_000) },
    });
    expect(target.store.findUserByUserName("alice@target.example.com")).toMatchObject({ title: "Engineer" });
    expect(target.store.findUserByUserName("nina@target.example.com")).toBeUndefined();
    startScheduler({ tickMs: 1000 });
    startLdapSyncScheduler({ tickMs: 500 });

    await new Promise((r) => setTimeout(r, 1100)); // past the full read's modifyTimestamp second
    await branch.modify(`uid=alice,ou=Engineering,ou=People,${branch.openLdapBase}`, { title: "Staff Engineer" });
    const nina = await branch.addOpenLdapUser("Engineering", "nina");
    await branch.modify(`cn=Engineers,ou=Groups,${branch.openLdapBase}`, { member: nina }, "add");

    await eventually(
      () => target.store.findUserByUserName("alice@target.example.com")?.title,
      (t) => t === "Staff Engineer",
      "alice's new title at the target",
    );
    const arrived = await eventually(
      () => target.store.findUserByUserName("nina@target.example.com"),
      (u) => !!u,
      "nina at the target",
    );
    expect(arrived).toMatchObject({ active: true, displayName: "Nina Tester" });
    const runs = await prisma.ldapSyncRun.findMany({ where: { sourceId, mode: "Delta" } });
    expect(runs.some((r) => r.status === "Succeeded" && r.created === 1)).toBe(true);
  });
});
