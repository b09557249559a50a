import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { createLdapSource } from "./create-ldap-source";
import { ldapSyncProcessCommand, recordLdapSyncProcessFailure, runLdapSyncInChildProcess } from "./ldap-sync-process";
import { dueLdapSources } from "./ldap-sync-scheduler";
import { runLdapSync } from "./run-ldap-sync";
import { addLdapSource, seedLdapBranch, testLdap, type LdapBranch } from "./test-support/ldap-fixture";

// LDAP syncs in a process of their own (as the scheduler runs them by default), against the real slapd.

let branch: LdapBranch;
beforeAll(async () => {
  branch = await seedLdapBranch(testLdap(), "process");
});
afterAll(async () => {
  await branch?.close();
});

describe("an LDAP sync process", () => {
  it("runs a full read in another process and returns its summary", async () => {
    const { id } = await addLdapSource(testLdap(), {
      name: "Process source",
      preset: "OpenLdap",
      baseDn: branch.openLdapBase,
    });
    expect(ldapSyncProcessCommand(id, "Full").args.slice(-2)).toEqual([id, "--full"]);
    const summary = await runLdapSyncInChildProcess(id, { mode: "Full" });
    expect(summary).toMatchObject({ mode: "Full", status: "Succeeded", counts: { read: 6, created: 6, failed: 0 } });
    const users = await prisma.directoryUser.findMany({ where: { sourceId: id } });
    expect(users.map((u) => u.mailNickname).sort()).toEqual(["alice", "bob", "carol", "dave"]);
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId: id } });
    expect(config.leaseUntil).toBeNull();
    expect(config.deltaWatermark).not.toBeNull();
  });

  it("passes a domain error of a sync that cannot start, with its code", async () => {
    const { id } = await createLdapSource({ name: "Unconfigured process source", preset: "OpenLdap" }, "admin");
    await expect(runLdapSyncInChildProcess(id)).rejects.toMatchObject({ code: "ldap.not_configured" });
  });

  it("a process that stopped mid-run fails its run and frees the source at once", async () => {
    const { id } = await addLdapSource(testLdap(), {
      name: "Crashed process source",
      preset: "ActiveDirectory",
      baseDn: branch.adBase,
    });
    // What a process that died mid-run leaves: a Running run that holds the source for minutes more.
    const run = await prisma.ldapSyncRun.create({
      data: { sourceId: id, mode: "Full", status: "Running", startedAt: new Date() },
    });
    await prisma.ldapSourceConfig.update({
      where: { sourceId: id },
      data: { leaseUntil: new Date(Date.now() + 300_000), leaseRunId: run.id },
    });
    await expect(runLdapSync(id)).rejects.toMatchObject({ code: "ldap.sync_running" });
    await recordLdapSyncProcessFailure(id, run.id, "The LDAP sync process was stopped (SIGKILL)");
    expect(await prisma.ldapSyncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "Failed",
      message: "The LDAP sync process was stopped (SIGKILL)",
    });
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId: id } });
    expect(config.leaseUntil).toBeNull();
    expect(config.nextSyncAt!.getTime()).toBeGreaterThan(Date.now() + 200_000);
    expect((await runLdapSync(id)).status).toBe("Succeeded");
  });

  it("a process that stopped leaves another process's run of the source alone", async () => {
    const { id } = await addLdapSource(testLdap(), {
      name: "Shared process source",
      preset: "OpenLdap",
      baseDn: branch.openLdapBase,
    });
    // Another process (here, on another machine) holds the source and reads it.
    const until = new Date(Date.now() + 300_000);
    const theirs = await prisma.ldapSyncRun.create({
      data: { sourceId: id, mode: "Full", status: "Running", startedAt: new Date() },
    });
    await prisma.ldapSourceConfig.update({
      where: { sourceId: id },
      data: { leaseUntil: until, leaseRunId: theirs.id },
    });
    // A process that stopped before it held the lease (it said no run), and one whose run had already ended.
    await recordLdapSyncProcessFailure(id, null, "The LDAP sync process was stopped (SIGTERM)");
    const ended = await prisma.ldapSyncRun.create({
      data: { sourceId: id, mode: "Delta", status: "Succeeded", startedAt: new Date(), endedAt: new Date() },
    });
    await recordLdapSyncProcessFailure(id, ended.id, "The LDAP sync process was stopped (SIGTERM)");
    // And one whose run was still Running, but had lost the source to theirs (its lease had run out).
    const stale = await prisma.ldapSyncRun.create({
      data: { sourceId: id, mode: "Full", status: "Running", startedAt: new Date(Date.now() - 600_000) },
    });
    await recordLdapSyncProcessFailure(id, stale.id, "The LDAP sync process was stopped (SIGKILL)");
    expect((await prisma.ldapSyncRun.findUniqueOrThrow({ where: { id: stale.id } })).status).toBe("Failed");
    expect((await prisma.ldapSyncRun.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("Running");
    expect((await prisma.ldapSyncRun.findUniqueOrThrow({ where: { id: ended.id } })).status).toBe("Succeeded");
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId: id } });
    expect(config).toMatchObject({ leaseUntil: until, leaseRunId: theirs.id });
    await expect(runLdapSync(id)).rejects.toMatchObject({ code: "ldap.sync_running" });
  });

  it("tells its starter which run it started, and a refused start leaves no run behind", async () => {
    const { id } = await addLdapSource(testLdap(), {
      name: "Reporting process source",
      preset: "OpenLdap",
      baseDn: branch.openLdapBase,
    });
    const said: number[] = [];
    const summary = await runLdapSync(id, { mode: "Full", onStarted: (runId) => said.push(runId) });
    expect(said).toEqual([summary.runId]);

    await prisma.ldapSourceConfig.update({
      where: { sourceId: id },
      data: { leaseUntil: new Date(Date.now() + 300_000) },
    });
    const runsBefore = await prisma.ldapSyncRun.count({ where: { sourceId: id } });
    await expect(runLdapSync(id, { onStarted: (runId) => said.push(runId) })).rejects.toMatchObject({
      code: "ldap.sync_running",
    });
    expect(said).toEqual([summary.runId]);
    expect(await prisma.ldapSyncRun.count({ where: { sourceId: id } })).toBe(runsBefore);
  });
});

describe("which LDAP sources a scheduler starts", () => {
  it("starts a due source only while no process holds it", async () => {
    const { id } = await addLdapSource(testLdap(), {
      name: "Due process source",
      preset: "OpenLdap",
      baseDn: branch.openLdapBase,
    });
    const now = new Date();
    const set = (data: { nextSyncAt: Date | null; leaseUntil: Date | null }) =>
      prisma.ldapSourceConfig.update({ where: { sourceId: id }, data });
    await set({ nextSyncAt: new Date(now.getTime() - 1_000), leaseUntil: null });
    expect(await dueLdapSources(now)).toContain(id);
    // Another web server's sync process holds it: this one starts no process of its own for it.
    await set({ nextSyncAt: new Date(now.getTime() - 1_000), leaseUntil: new Date(now.getTime() + 60_000) });
    expect(await dueLdapSources(now)).not.toContain(id);
    // That process died and its lease ran out: the source is due again.
    await set({ nextSyncAt: new Date(now.getTime() - 1_000), leaseUntil: new Date(now.getTime() - 1_000) });
    expect(await dueLdapSources(now)).toContain(id);
    await set({ nextSyncAt: new Date(now.getTime() + 60_000), leaseUntil: null });
    expect(await dueLdapSources(now)).not.toContain(id);
  });
});
