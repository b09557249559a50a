import { Attribute, Change, Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_LDAP_LIMITED_SIZE } from "../../../scripts/start-test-slapd";
import { prisma } from "../../db/prisma";
import { isAppError } from "../../errors";
import { addGroupMembers } from "../../directory/add-group-members";
import { updateGroup } from "../../directory/update-group";
import { listLdapSyncRuns } from "./list-ldap-sync-runs";
import { runLdapSync } from "./run-ldap-sync";
import { addLdapSource, seedLdapBranch, testLdap, type LdapBranch } from "./test-support/ldap-fixture";

// The sync's less travelled paths against the real slapd: paging past a server's size limit, a filtered-out
// entry, the periodic full reconcile, a missing anchor, a refused bind, a filter that matches nothing, and
// source-owned groups being read-only.

let branch: LdapBranch;
const domain = "cases.example.com";

beforeAll(async () => {
  branch = await seedLdapBranch(testLdap(), "cases");
});
afterAll(async () => {
  await branch?.close();
});

const liveUsers = (sourceId: string) =>
  prisma.directoryUser.findMany({ where: { sourceId, deletedAt: null }, orderBy: { mailNickname: "asc" } });

describe("paged searches", () => {
  let limitedId: string;
  it("read every entry past the account's size limit, which a search without paging cannot", async () => {
    // 4 seeded users and 70 more: past the limited reader's 60 entries.
    for (let i = 0; i < 70; i++) await branch.addOpenLdapUser("Sales", `rep${String(i).padStart(2, "0")}`);
    const info = testLdap();
    const plain = new Client({ url: info.url, timeout: 10_000 });
    await plain.bind(info.limitedReaderDn, info.readerPassword);
    const unpaged = await plain
      .search(branch.openLdapBase, { scope: "sub", filter: "(objectClass=inetOrgPerson)", attributes: ["1.1"] })
      .catch((e: unknown) => e);
    await plain.unbind();
    // LDAP result 4, sizeLimitExceeded.
    expect((unpaged as { code?: unknown }).code).toBe(4);

    const { id } = await addLdapSource(info, {
      name: "Limited reader",
      preset: "OpenLdap",
      baseDn: branch.openLdapBase,
      overrides: { bindDn: info.limitedReaderDn, pageSize: 50 },
    });
    const full = await runLdapSync(id);
    expect(TEST_LDAP_LIMITED_SIZE).toBeLessThan(74);
    expect(full).toMatchObject({ status: "Succeeded", counts: { read: 76, created: 76, failed: 0 } });
    expect(await liveUsers(id)).toHaveLength(74);
    limitedId = id;
  });

  it("source-owned groups are read-only in Provisio", async () => {
    const group = await prisma.directoryGroup.findFirstOrThrow({
      where: { sourceId: limitedId, displayName: "Engineers" },
    });
    const rename = await updateGroup({ id: group.id, displayName: "Renamed" }, "test").catch((e: unknown) => e);
    expect(isAppError(rename) && rename.code).toBe("directory.source_owned");
    const alice = await prisma.directoryUser.findFirstOrThrow({
      where: { sourceId: limitedId, mailNickname: "alice" },
    });
    const add = await addGroupMembers({ groupId: group.id, userIds: [alice.id] }, "test").catch((e: unknown) => e);
    expect(isAppError(add) && add.code).toBe("directory.source_owned");
  });
});

describe("an OpenLDAP source with a narrower filter", () => {
  let sourceId: string;
  // A branch of its own: a user principal name has one owner, and the paging test's source owns the first's.
  let own: LdapBranch;
  beforeAll(async () => {
    own = await seedLdapBranch(testLdap(), "filtered");
  });
  afterAll(async () => {
    await own?.close();
  });
  const userFilter = "(&(objectClass=inetOrgPerson)(!(title=Contractor)))";

  it("soft-deletes an entry that no longer matches the user filter at the periodic full reconcile", async () => {
    ({ id: sourceId } = await addLdapSource(testLdap(), {
      name: "Employees only",
      preset: "OpenLdap",
      baseDn: `ou=Engineering,ou=People,${own.openLdapBase}`,
      overrides: { userFilter, fullReconcileMinutes: 60 },
    }));
    expect(await runLdapSync(sourceId)).toMatchObject({ mode: "Full", status: "Succeeded" });
    expect((await liveUsers(sourceId)).map((u) => u.mailNickname)).toEqual(["alice", "bob"]);
    await own.modify(`uid=bob,ou=Engineering,ou=People,${own.openLdapBase}`, { title: "Contractor" });
    // Within the reconcile interval the scheduler's run is a delta, which cannot see an entry leave the filter.
    const delta = await runLdapSync(sourceId);
    expect(delta).toMatchObject({ mode: "Delta", counts: { deleted: 0 } });
    // An hour after the last full read, the next run is the full reconcile.
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId } });
    await prisma.ldapSourceConfig.update({
      where: { sourceId },
      data: { lastFullSyncAt: new Date(config.lastFullSyncAt!.getTime() - 61 * 60_000) },
    });
    const full = await runLdapSync(sourceId);
    expect(full).toMatchObject({ mode: "Full", status: "Succeeded", counts: { deleted: 1, failed: 0 } });
    expect((await liveUsers(sourceId)).map((u) => u.mailNickname)).toEqual(["alice"]);
    const bob = await prisma.directoryUser.findFirstOrThrow({ where: { sourceId, mailNickname: "bob" } });
    expect(bob.deletedAt).not.toBeNull();
    await own.modify(`uid=bob,ou=Engineering,ou=People,${own.openLdapBase}`, { title: "Engineer" });
  });

  it("a filter that matches nothing deletes nothing and says why", async () => {
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId } });
    const settings = JSON.parse(config.settings) as Record<string, unknown>;
    await prisma.ldapSourceConfig.update({
      where: { sourceId },
      data: { settings: JSON.stringify({ ...settings, userFilter: "(objectClass=posixAccount)" }) },
    });
    const full = await runLdapSync(sourceId, { mode: "Full" });
    expect(full).toMatchObject({ status: "CompletedWithErrors", counts: { read: 0, deleted: 0 } });
    expect(full.message).toMatch(/^The full read found no users, so nothing was deleted/);
    expect((await liveUsers(sourceId)).map((u) => u.mailNickname)).toEqual(["alice"]);
    await prisma.ldapSourceConfig.update({ where: { sourceId }, data: { settings: config.settings } });
  });

  it("a refused bind fails the run with the server's message and changes nothing", async () => {
    // The administrator changed the account's password in the directory and not yet in Provisio.
    await branch.admin.modify(testLdap().limitedReaderDn, [
      new Change({
        operation: "replace",
        modification: new Attribute({ type: "userPassword", values: ["changed-elsewhere"] }),
      }),
    ]);
    const { id } = await addLdapSource(testLdap(), {
      name: "Refused bind",
      preset: "OpenLdap",
      baseDn: branch.openLdapBase,
      overrides: { bindDn: testLdap().limitedReaderDn },
    });
    const run = await runLdapSync(id);
    expect(run).toMatchObject({ status: "Failed", counts: { read: 0, created: 0 } });
    expect(run.message).toMatch(/refused the bind DN and password.*Invalid credentials \(LDAP result 49\)/);
    const [logged] = await listLdapSyncRuns(id);
    expect(logged).toMatchObject({ status: "Failed", message: run.message });
    expect(await prisma.directoryUser.count({ where: { sourceId: id } })).toBe(0);
  });
});

describe("an Active Directory source", () => {
  it("logs an entry without objectGUID as a missing anchor and writes the others", async () => {
    await branch.admin.add(`cn=No Guid,${branch.adBase}`, [
      new Attribute({ type: "objectClass", values: ["user"] }),
      ...Object.entries({
        cn: "No Guid",
        sn: "Guid",
        sAMAccountName: "noguid",
        userPrincipalName: `noguid@ad.${domain}`,
        objectCategory: "person",
        userAccountControl: "512",
        uSNChanged: branch.nextUsn(),
      }).map(([type, v]) => new Attribute({ type, values: [v] })),
    ]);
    const { id } = await addLdapSource(testLdap(), {
      name: "AD cases",
      preset: "ActiveDirectory",
      baseDn: branch.adBase,
    });
    const full = await runLdapSync(id);
    expect(full).toMatchObject({ status: "CompletedWithErrors", counts: { failed: 1 } });
    const [run] = await listLdapSyncRuns(id);
    expect(run.errors).toEqual([
      {
        dn: `cn=No Guid,${branch.adBase}`,
        identity: `noguid@ad.${domain}`,
        reason: "The entry has no objectGUID (its anchor)",
      },
    ]);
    expect((await liveUsers(id)).map((u) => u.mailNickname)).toEqual(["erin", "frank"]);
  });
});
