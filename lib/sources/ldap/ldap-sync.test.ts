import crypto from "node:crypto";
import { Attribute } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { isAppError } from "../../errors";
import { updateUser } from "../../directory/update-user";
import { listLdapSyncRuns } from "./list-ldap-sync-runs";
import { runLdapSync } from "./run-ldap-sync";
import { addLdapSource, seedLdapBranch, testLdap, type LdapBranch } from "./test-support/ldap-fixture";

// Full and delta reads of a real slapd (lib/test/ldap-global-setup.ts), with the OpenLDAP and AD presets.

let branch: LdapBranch;
const users = (sourceId: string) =>
  prisma.directoryUser.findMany({ where: { sourceId }, orderBy: { userPrincipalName: "asc" } });
const groupMembers = async (sourceId: string, displayName: string) => {
  const group = await prisma.directoryGroup.findFirstOrThrow({
    where: { sourceId, displayName },
    include: { members: { include: { user: true } } },
  });
  return group.members.map((m) => m.user.userPrincipalName).sort();
};
const changesSince = (seq: number) => prisma.directoryChange.findMany({ where: { seq: { gt: seq } } });
const lastSeq = async () => (await prisma.directoryChange.aggregate({ _max: { seq: true } }))._max.seq ?? 0;

beforeAll(async () => {
  branch = await seedLdapBranch(testLdap(), "sync");
});
afterAll(async () => {
  await branch?.close();
});

describe("an OpenLDAP source", () => {
  let sourceId: string;
  const domain = "sync.example.com";

  it("reads every user and group in a full read, in pages, with the preset's mapping", async () => {
    // More users than a page (50) and than slapd's limit without paging (1,000 would need a bigger seed).
    for (let i = 0; i < 70; i++) await branch.addOpenLdapUser("Sales", `seller${String(i).padStart(2, "0")}`);
    // The delta watermark is the newest modifyTimestamp read (one-second resolution): let one entry alone have it.
    await new Promise((r) => setTimeout(r, 1100));
    await branch.modify(`uid=dave,ou=Sales,ou=People,${branch.openLdapBase}`, { title: "Account Executive" });
    const source = await addLdapSource(testLdap(), {
      name: "Contoso OpenLDAP",
      preset: "OpenLdap",
      baseDn: branch.openLdapBase,
    });
    sourceId = source.id;
    const before = await lastSeq();
    const summary = await runLdapSync(sourceId);
    expect(summary).toMatchObject({ mode: "Full", status: "Succeeded" });
    expect(summary.counts).toMatchObject({ read: 76, created: 76, updated: 0, deleted: 0, failed: 0 });
    const all = await users(sourceId);
    expect(all).toHaveLength(74);
    const alice = all.find((u) => u.userPrincipalName === `alice@${domain}`)!;
    expect(alice).toMatchObject({
      mailNickname: "alice",
      givenName: "Alice",
      surname: "Tester",
      displayName: "Alice Tester",
      mail: `alice@${domain}`,
      jobTitle: "Engineer",
      department: "Engineering",
      accountEnabled: true,
    });
    expect(alice.sourceAnchor).toMatch(/^[0-9a-f-]{36}$/);
    expect(await groupMembers(sourceId, "Engineers")).toEqual([`alice@${domain}`, `bob@${domain}`]);
    expect(await groupMembers(sourceId, "Sales")).toEqual([`carol@${domain}`, `dave@${domain}`]);
    const sales = await prisma.directoryGroup.findFirstOrThrow({ where: { sourceId, displayName: "Sales" } });
    expect(sales.description).toBe("Everyone who sells");
    // Each object's creation is in the change sequence (what wakes the applications).
    expect((await changesSince(before)).filter((c) => c.kind === "Created")).toHaveLength(76);
    const [run] = await listLdapSyncRuns(sourceId);
    expect(run).toMatchObject({ mode: "Full", status: "Succeeded", read: 76, created: 76, failed: 0 });
    expect((await prisma.source.findUniqueOrThrow({ where: { id: sourceId } })).lastChangeAt).not.toBeNull();
  });

  it("a second full read with nothing changed writes nothing", async () => {
    const before = await lastSeq();
    const summary = await runLdapSync(sourceId, { mode: "Full" });
    expect(summary.counts).toMatchObject({ read: 76, created: 0, updated: 0, deleted: 0, failed: 0 });
    expect(await changesSince(before)).toHaveLength(0);
  });

  it("source-owned users are read-only in Provisio", async () => {
    const alice = (await users(sourceId)).find((u) => u.mailNickname === "alice")!;
    const error = await updateUser({ id: alice.id, jobTitle: "Hacker" }, "test").catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("directory.source_owned");
  });

  it("a delta read picks up a change, an add, a rename and a membership change, and nothing else", async () => {
    // modifyTimestamp has one-second resolution: let the second of the full read pass.
    await new Promise((r) => setTimeout(r, 1100));
    const alice = `uid=alice,ou=Engineering,ou=People,${branch.openLdapBase}`;
    await branch.modify(alice, { title: "Principal Engineer" });
    const erinDn = await branch.addOpenLdapUser("Engineering", "nina");
    await branch.modify(`cn=Engineers,ou=Groups,${branch.openLdapBase}`, { member: erinDn }, "add");
    const bobBefore = (await users(sourceId)).find((u) => u.mailNickname === "bob")!;
    // A rename (new RDN, new OU): the same object by its entryUUID.
    await branch.admin.modifyDN(
      `uid=bob,ou=Engineering,ou=People,${branch.openLdapBase}`,
      `uid=bob,ou=Sales,ou=People,${branch.openLdapBase}`,
    );
    await branch.modify(
      `cn=Engineers,ou=Groups,${branch.openLdapBase}`,
      { member: `uid=bob,ou=Engineering,ou=People,${branch.openLdapBase}` },
      "delete",
    );
    const before = await lastSeq();
    const summary = await runLdapSync(sourceId);
    expect(summary.mode).toBe("Delta");
    expect(summary.status).toBe("Succeeded");
    // Only what changed is read: alice, nina, bob (renamed) and the Engineers group, not the other 72 entries.
    expect(summary.counts.read).toBeLessThan(10);
    expect(summary.counts).toMatchObject({ created: 1, failed: 0 });
    const now = await users(sourceId);
    expect(now.find((u) => u.mailNickname === "alice")!.jobTitle).toBe("Principal Engineer");
    const bob = now.find((u) => u.mailNickname === "bob")!;
    expect(bob.id).toBe(bobBefore.id);
    expect(bob.deletedAt).toBeNull();
    expect(await groupMembers(sourceId, "Engineers")).toEqual([`alice@${domain}`, `nina@${domain}`]);
    const kinds = (await changesSince(before)).map((c) => c.kind).sort();
    expect(kinds).toEqual(["Created", "MembersChanged", "Updated"]);
  });

  it("a full reconcile soft-deletes deleted and moved-out entries, and restores one that comes back", async () => {
    const carolDn = `uid=carol,ou=Sales,ou=People,${branch.openLdapBase}`;
    await branch.admin.del(`uid=seller00,ou=Sales,ou=People,${branch.openLdapBase}`);
    await branch.admin.modifyDN(carolDn, `uid=carol,${branch.archive}`);
    const delta = await runLdapSync(sourceId, { mode: "Delta" });
    expect(delta.counts.deleted).toBe(0);
    const before = await lastSeq();
    const full = await runLdapSync(sourceId, { mode: "Full" });
    expect(full.counts).toMatchObject({ deleted: 2, failed: 0 });
    const gone = (await users(sourceId))
      .filter((u) => u.deletedAt !== null)
      .map((u) => u.mailNickname)
      .sort();
    expect(gone).toEqual(["carol", "seller00"]);
    expect((await changesSince(before)).filter((c) => c.kind === "SoftDeleted")).toHaveLength(2);
    // Carol comes back into the base DN: the same object, restored.
    const carolId = (await users(sourceId)).find((u) => u.mailNickname === "carol")!.id;
    await branch.admin.modifyDN(`uid=carol,${branch.archive}`, carolDn);
    await new Promise((r) => setTimeout(r, 1100));
    await runLdapSync(sourceId, { mode: "Delta" });
    const carol = (await users(sourceId)).find((u) => u.mailNickname === "carol")!;
    expect(carol).toMatchObject({ id: carolId, deletedAt: null });
  });

  it("logs bad entries with their reason and writes the others", async () => {
    await branch.addOpenLdapUser("Engineering", "noname", { mail: "not-an-email" });
    // Same mail as alice: a duplicate userPrincipalName.
    await branch.addOpenLdapUser("Engineering", "alice2", { mail: `alice@${domain}` });
    await branch.addOpenLdapUser("Engineering", "olga");
    await new Promise((r) => setTimeout(r, 1100));
    const summary = await runLdapSync(sourceId, { mode: "Full" });
    expect(summary.status).toBe("CompletedWithErrors");
    expect(summary.counts.failed).toBe(2);
    expect(summary.counts.created).toBe(1);
    expect((await users(sourceId)).some((u) => u.mailNickname === "olga")).toBe(true);
    const [run] = await listLdapSyncRuns(sourceId);
    const reasons = run.errors.map((e) => `${e.dn.split(",")[0]}: ${e.reason}`).sort();
    expect(reasons[0]).toMatch(/^uid=alice2: Duplicate userPrincipalName/);
    expect(reasons[1]).toMatch(/^uid=noname: mail cannot be the directory's userPrincipalName/);
    // The failed entries' objects (none yet) and every other object stay.
    expect(summary.counts.deleted).toBe(0);
  });

  it("a server that fails mid-run fails the run and changes nothing", async () => {
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId } });
    const settings = JSON.parse(config.settings);
    await prisma.ldapSourceConfig.update({
      where: { sourceId },
      data: { settings: JSON.stringify({ ...settings, baseDn: `ou=missing,${branch.dn}` }) },
    });
    const before = await lastSeq();
    const summary = await runLdapSync(sourceId, { mode: "Full" });
    expect(summary.status).toBe("Failed");
    expect(summary.message).toMatch(/base DN ou=missing.* does not exist/);
    expect(await changesSince(before)).toHaveLength(0);
    expect((await users(sourceId)).filter((u) => u.deletedAt === null).length).toBeGreaterThan(70);
    const after = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId } });
    expect(after.deltaWatermark).toBe(config.deltaWatermark);
    await prisma.ldapSourceConfig.update({ where: { sourceId }, data: { settings: config.settings } });
  });
});

describe("an Active Directory source (AD-like schema)", () => {
  it("maps the AD preset: objectGUID anchor, sAMAccountName, userAccountControl, uSNChanged deltas", async () => {
    const { id } = await addLdapSource(testLdap(), {
      name: "Contoso AD",
      preset: "ActiveDirectory",
      baseDn: branch.adBase,
    });
    const full = await runLdapSync(id);
    expect(full).toMatchObject({ status: "Succeeded", counts: { read: 3, created: 3, failed: 0 } });
    const [erin, frank] = await users(id);
    expect(erin).toMatchObject({
      userPrincipalName: "erin@ad.sync.example.com",
      mailNickname: "erin",
      displayName: "Erin Admin",
      department: "IT",
      jobTitle: "Administrator",
      employeeId: "E-erin",
      accountEnabled: true,
    });
    expect(erin.sourceAnchor).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(frank).toMatchObject({ mailNickname: "frank", accountEnabled: false });
    expect(await groupMembers(id, "AD Admins")).toEqual(["erin@ad.sync.example.com", "frank@ad.sync.example.com"]);
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId: id } });
    expect(Number(config.deltaWatermark)).toBeGreaterThan(1000);

    // Disable erin and enable frank (AD bumps uSNChanged; here the test does).
    const erinDn = `cn=Erin Admin,${branch.adBase}`;
    await branch.modify(erinDn, { userAccountControl: "514", uSNChanged: branch.nextUsn() });
    await branch.modify(`cn=Frank Admin,${branch.adBase}`, {
      userAccountControl: "66048",
      uSNChanged: branch.nextUsn(),
    });
    const delta = await runLdapSync(id);
    expect(delta).toMatchObject({ mode: "Delta", counts: { read: 2, updated: 2, failed: 0 } });
    const [erin2, frank2] = await users(id);
    expect(erin2.accountEnabled).toBe(false);
    expect(frank2.accountEnabled).toBe(true);
    // Nothing changed since: the next delta reads nothing.
    expect((await runLdapSync(id)).counts.read).toBe(0);
  });

  it("reads membership from memberOf when set so", async () => {
    const gina = await branch.addAdUser("gina", { extra: { memberOf: `cn=AD Admins,${branch.adBase}` } });
    expect(gina).toContain("Gina");
    const { id } = await addLdapSource(testLdap(), {
      name: "Contoso AD memberOf",
      preset: "ActiveDirectory",
      baseDn: branch.adBase,
      overrides: { membership: "memberOf" },
    });
    const full = await runLdapSync(id);
    // Erin and Frank belong to the other AD source already: a user principal name has one owner.
    expect(full.counts).toMatchObject({ created: 2, failed: 2 });
    const [run] = await listLdapSyncRuns(id);
    expect(run.errors.map((e) => e.reason)).toEqual([
      "Duplicate userPrincipalName: a user this source does not own (made in Provisio, or from another source) has it",
      "Duplicate userPrincipalName: a user this source does not own (made in Provisio, or from another source) has it",
    ]);
    expect(await groupMembers(id, "AD Admins")).toEqual(["gina@ad.sync.example.com"]);

    // AD keeps memberOf as a back-link: a membership change bumps the group's uSNChanged, not the user's.
    // A delta still sees it, through the groups it reads (a DN with parentheses, escaped in the filter).
    const admins = `cn=AD Admins,${branch.adBase}`;
    const ops = `cn=Ops (EU),${branch.adBase}`;
    await branch.admin.add(ops, [
      new Attribute({ type: "objectClass", values: ["group"] }),
      new Attribute({ type: "objectGUID", values: [crypto.randomBytes(16)] }),
      new Attribute({ type: "cn", values: ["Ops (EU)"] }),
      new Attribute({ type: "uSNChanged", values: [branch.nextUsn()] }),
    ]);
    await branch.modify(gina, { memberOf: ops }, "add");
    await branch.modify(gina, { memberOf: admins }, "delete");
    await branch.modify(admins, { uSNChanged: branch.nextUsn() });
    const delta = await runLdapSync(id);
    expect(delta).toMatchObject({ mode: "Delta", counts: { read: 2, created: 1, failed: 0 } });
    expect(await groupMembers(id, "AD Admins")).toEqual([]);
    expect(await groupMembers(id, "Ops (EU)")).toEqual(["gina@ad.sync.example.com"]);
  });
});

describe("modifyTimestamp's one-second resolution", () => {
  let second: LdapBranch;
  beforeAll(async () => {
    second = await seedLdapBranch(testLdap(), "second");
  });
  afterAll(async () => {
    await second?.close();
  });

  const stamp = async (dn: string) => {
    const { searchEntries } = await second.admin.search(dn, { scope: "base", attributes: ["modifyTimestamp"] });
    return String(searchEntries[0].modifyTimestamp);
  };

  it("a change in the same second as the last delta read is read by the next one, and nothing else is rewritten", async () => {
    const { id } = await addLdapSource(testLdap(), {
      name: "Same-second source",
      preset: "OpenLdap",
      baseDn: second.openLdapBase,
    });
    expect((await runLdapSync(id)).status).toBe("Succeeded");
    const alice = `uid=alice,ou=Engineering,ou=People,${second.openLdapBase}`;
    const bob = `uid=bob,ou=Engineering,ou=People,${second.openLdapBase}`;
    // Change alice, read the delta, change bob, all within one second (retried if the second turns over).
    let same = false;
    let attempt = 0;
    for (; attempt < 5 && !same; attempt++) {
      await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
      await second.modify(alice, { title: `Alice ${attempt}` });
      const first = await runLdapSync(id, { mode: "Delta" });
      expect(first.counts).toMatchObject({ updated: 1, failed: 0 });
      await second.modify(bob, { title: `Bob ${attempt}` });
      same = (await stamp(alice)) === (await stamp(bob));
    }
    expect(same).toBe(true);
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId: id } });
    // The watermark is the second bob was changed in: a delta that read only later seconds would miss him.
    expect(config.deltaWatermark).toBe(await stamp(bob));
    const before = await lastSeq();
    const next = await runLdapSync(id, { mode: "Delta" });
    // Both entries of that second are read again; only bob's content changed, so only bob is written.
    expect(next.counts).toMatchObject({ read: 2, updated: 1, created: 0, failed: 0 });
    const bobUser = (await users(id)).find((u) => u.mailNickname === "bob")!;
    expect(bobUser.jobTitle).toBe(`Bob ${attempt - 1}`);
    const changes = await changesSince(before);
    expect(changes.map((c) => [c.kind, c.objectId])).toEqual([["Updated", bobUser.id]]);
  });
});
