import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { listLdapSyncRuns } from "./list-ldap-sync-runs";
import { runLdapSync } from "./run-ldap-sync";
import { addLdapSource, seedLdapBranch, testLdap, type LdapBranch } from "./test-support/ldap-fixture";

// Nested groups against a real slapd: a group whose member DN names another group. A directory group's
// members are users (Entra provisioning sends a group's direct user members only), so a nested group is
// neither a member nor a failure: the run succeeds and its log says how many members were groups.

let branch: LdapBranch;
const domain = "nested.example.com";

beforeAll(async () => {
  branch = await seedLdapBranch(testLdap(), "nested");
});
afterAll(async () => {
  await branch?.close();
});

const members = async (sourceId: string, displayName: string) => {
  const group = await prisma.directoryGroup.findFirstOrThrow({
    where: { sourceId, displayName },
    include: { members: { include: { user: true } } },
  });
  return group.members.map((m) => m.user.userPrincipalName).sort();
};

describe("nested groups", () => {
  it("a member that is a group is counted in the log, not stored, and fails nothing", async () => {
    const groups = `ou=Groups,${branch.openLdapBase}`;
    const alice = `uid=alice,ou=Engineering,ou=People,${branch.openLdapBase}`;
    const dave = `uid=dave,ou=Sales,ou=People,${branch.openLdapBase}`;
    // All Staff holds a group read before it (Engineers), a group read after it (Contractors, added later, so
    // slapd returns it later), a user, and a DN outside the base DN.
    await branch.admin.add(`cn=All Staff,${groups}`, {
      objectClass: "groupOfNames",
      cn: "All Staff",
      member: [`cn=Engineers,${groups}`, alice, `uid=ghost,${branch.archive}`],
    });
    await branch.admin.add(`cn=Contractors,${groups}`, {
      objectClass: "groupOfNames",
      cn: "Contractors",
      member: dave,
    });
    await branch.modify(`cn=All Staff,${groups}`, { member: `cn=Contractors,${groups}` }, "add");
    // The delta watermark is the newest modifyTimestamp read (one-second resolution): let one entry alone have it.
    await new Promise((r) => setTimeout(r, 1100));
    await branch.modify(`cn=Contractors,${groups}`, { description: "Not on the payroll" });
    const { id } = await addLdapSource(testLdap(), { name: "Nested", preset: "OpenLdap", baseDn: branch.openLdapBase });

    const full = await runLdapSync(id);
    expect(full).toMatchObject({ mode: "Full", status: "Succeeded" });
    expect(full.counts).toMatchObject({ read: 8, created: 8, failed: 0 });
    expect(full.message).toMatch(/^2 group members are groups \(nested groups\)/);
    expect(full.message).toContain("1 group member names no user or group this source reads");
    expect(await members(id, "All Staff")).toEqual([`alice@${domain}`]);
    expect(await members(id, "Contractors")).toEqual([`dave@${domain}`]);
    const [run] = await listLdapSyncRuns(id);
    expect(run).toMatchObject({ status: "Succeeded", failed: 0, errors: [] });
    expect(run.message).toBe(full.message);

    // A delta that adds a third nested group (a groupOfUniqueNames): the changed group is read (with the
    // watermark's entry), its nested groups counted again, its user members unchanged.
    await new Promise((r) => setTimeout(r, 1100));
    await branch.modify(`cn=All Staff,${groups}`, { member: `cn=Sales,${groups}` }, "add");
    const delta = await runLdapSync(id, { mode: "Delta" });
    expect(delta).toMatchObject({ mode: "Delta", status: "Succeeded", counts: { read: 2, updated: 0, failed: 0 } });
    expect(delta.message).toMatch(/^3 group members are groups/);
    expect(await members(id, "All Staff")).toEqual([`alice@${domain}`]);
  });

  it("a run with only user members says nothing about them", async () => {
    const { id } = await addLdapSource(testLdap(), {
      name: "Not nested",
      preset: "ActiveDirectory",
      baseDn: branch.adBase,
    });
    const full = await runLdapSync(id);
    expect(full).toMatchObject({ status: "Succeeded", message: null, counts: { read: 3, failed: 0 } });
  });
});
