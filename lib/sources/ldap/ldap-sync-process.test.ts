import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { createLdapSource } from "./create-ldap-source";
import { ldapSyncProcessCommand, recordLdapSyncProcessFailure, runLdapSyncInChildProcess } from "./ldap-sync-process";
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
    // What a process that died mid-run leaves: a Running run and a lease half an hour long.
    await prisma.ldapSourceConfig.update({
      where: { sourceId: id },
      data: { leaseUntil: new Date(Date.now() + 1_800_000) },
    });
    const run = await prisma.ldapSyncRun.create({
      data: { sourceId: id, mode: "Full", status: "Running", startedAt: new Date() },
    });
    await expect(runLdapSync(id)).rejects.toMatchObject({ code: "ldap.sync_running" });
    await recordLdapSyncProcessFailure(id, "The LDAP sync process was stopped (SIGKILL)");
    expect(await prisma.ldapSyncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "Failed",
      message: "The LDAP sync process was stopped (SIGKILL)",
    });
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId: id } });
    expect(config.leaseUntil).toBeNull();
    expect(config.nextSyncAt!.getTime()).toBeGreaterThan(Date.now() + 200_000);
    expect((await runLdapSync(id)).status).toBe("Succeeded");
  });
});
