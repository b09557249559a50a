import crypto from "node:crypto";
import { Attribute, Change, Client } from "ldapts";
import { inject } from "vitest";
import type { TestLdapInfo } from "../../../test/ldap-global-setup";
import { createLdapSource } from "../create-ldap-source";
import { defaultLdapSettings, type LdapSettings } from "../ldap-settings";
import { saveLdapSettings } from "../save-ldap-settings";

/** The run's slapd (lib/test/ldap-global-setup.ts); fails the test with the reason when it did not start. */
export function testLdap(): TestLdapInfo {
  const info = inject("ldap");
  if ("error" in info) throw new Error(`The test slapd did not start: ${info.error}`);
  return info;
}

/** A client bound as the rootdn: the test plays the directory's administrator. */
async function adminClient(info: TestLdapInfo): Promise<Client> {
  const client = new Client({ url: info.url, timeout: 10_000, connectTimeout: 5_000 });
  await client.bind(info.rootDn, info.rootPassword);
  return client;
}

export type LdapBranch = {
  /** ou=<name>,<suffix> */
  dn: string;
  /** OpenLDAP-style entries: inetOrgPerson users in two OUs, groupOfNames and groupOfUniqueNames. */
  openLdapBase: string;
  /** AD-like entries: user and group objects with objectGUID, userAccountControl, uSNChanged. */
  adBase: string;
  /** Outside both bases: where entries are "moved out of the base DN". */
  archive: string;
  admin: Client;
  /** AD's uSNChanged counter for this branch (AD maintains it itself; here the test does). */
  nextUsn: () => string;
  addOpenLdapUser: (ou: string, uid: string, extra?: Record<string, string | string[]>) => Promise<string>;
  addAdUser: (uid: string, opts?: { disabled?: boolean; extra?: Record<string, string | string[]> }) => Promise<string>;
  modify: (dn: string, values: Record<string, string | string[]>, op?: "replace" | "add" | "delete") => Promise<void>;
  close: () => Promise<void>;
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Seeds a branch of its own for one test file: users in several OUs, groups with members (by member and by
 * uniqueMember), and an AD-like OU with an enabled and a disabled user and a group.
 */
export async function seedLdapBranch(info: TestLdapInfo, name: string): Promise<LdapBranch> {
  const admin = await adminClient(info);
  const dn = `ou=${name},${info.suffix}`;
  const openLdapBase = `ou=ol,${dn}`;
  const adBase = `ou=ad,${dn}`;
  const archive = `ou=archive,${dn}`;
  let usn = 1000;
  const nextUsn = () => String(++usn);
  const ou = (d: string) => admin.add(d, { objectClass: "organizationalUnit", ou: d.split(",")[0].slice(3) });
  for (const d of [dn, openLdapBase, `ou=People,${openLdapBase}`, `ou=Engineering,ou=People,${openLdapBase}`])
    await ou(d);
  for (const d of [`ou=Sales,ou=People,${openLdapBase}`, `ou=Groups,${openLdapBase}`, adBase, archive]) await ou(d);
  const addOpenLdapUser = async (unit: string, uid: string, extra: Record<string, string | string[]> = {}) => {
    const entryDn = `uid=${uid},ou=${unit},ou=People,${openLdapBase}`;
    await admin.add(entryDn, {
      objectClass: "inetOrgPerson",
      uid,
      cn: `${cap(uid)} Tester`,
      sn: "Tester",
      givenName: cap(uid),
      displayName: `${cap(uid)} Tester`,
      mail: `${uid}@${name}.example.com`,
      title: unit === "Engineering" ? "Engineer" : "Account Executive",
      ou: unit,
      ...extra,
    });
    return entryDn;
  };
  const addAdUser = async (
    uid: string,
    opts: { disabled?: boolean; extra?: Record<string, string | string[]> } = {},
  ) => {
    const entryDn = `cn=${cap(uid)} Admin,${adBase}`;
    await admin.add(entryDn, [
      new Attribute({ type: "objectClass", values: ["user"] }),
      new Attribute({ type: "objectGUID", values: [crypto.randomBytes(16)] }),
      ...Object.entries({
        cn: `${cap(uid)} Admin`,
        sn: "Admin",
        givenName: cap(uid),
        displayName: `${cap(uid)} Admin`,
        sAMAccountName: uid,
        userPrincipalName: `${uid}@ad.${name}.example.com`,
        mail: `${uid}@${name}.example.com`,
        department: "IT",
        title: "Administrator",
        employeeID: `E-${uid}`,
        objectCategory: "person",
        userAccountControl: opts.disabled ? "514" : "512",
        uSNChanged: nextUsn(),
        ...opts.extra,
      }).map(([type, v]) => new Attribute({ type, values: Array.isArray(v) ? v : [v] })),
    ]);
    return entryDn;
  };
  const alice = await addOpenLdapUser("Engineering", "alice");
  const bob = await addOpenLdapUser("Engineering", "bob");
  const carol = await addOpenLdapUser("Sales", "carol");
  const dave = await addOpenLdapUser("Sales", "dave");
  await admin.add(`cn=Engineers,ou=Groups,${openLdapBase}`, {
    objectClass: "groupOfNames",
    cn: "Engineers",
    member: [alice, bob],
  });
  await admin.add(`cn=Sales,ou=Groups,${openLdapBase}`, {
    objectClass: "groupOfUniqueNames",
    cn: "Sales",
    description: "Everyone who sells",
    uniqueMember: [carol, dave],
  });
  const erin = await addAdUser("erin");
  const frank = await addAdUser("frank", { disabled: true });
  await admin.add(`cn=AD Admins,${adBase}`, [
    new Attribute({ type: "objectClass", values: ["group"] }),
    new Attribute({ type: "objectGUID", values: [crypto.randomBytes(16)] }),
    new Attribute({ type: "cn", values: ["AD Admins"] }),
    new Attribute({ type: "objectCategory", values: ["group"] }),
    new Attribute({ type: "member", values: [erin, frank] }),
    new Attribute({ type: "uSNChanged", values: [nextUsn()] }),
  ]);
  const modify = async (
    target: string,
    values: Record<string, string | string[]>,
    op: "replace" | "add" | "delete" = "replace",
  ) => {
    await admin.modify(
      target,
      Object.entries(values).map(
        ([type, v]) =>
          new Change({ operation: op, modification: new Attribute({ type, values: Array.isArray(v) ? v : [v] }) }),
      ),
    );
  };
  return {
    dn,
    openLdapBase,
    adBase,
    archive,
    admin,
    nextUsn,
    addOpenLdapUser,
    addAdUser,
    modify,
    close: () => admin.unbind(),
  };
}

/** An LDAP source over a branch, saved as an admin would: the reader account, StartTLS with the test CA. */
export async function addLdapSource(
  info: TestLdapInfo,
  opts: { name: string; preset: "ActiveDirectory" | "OpenLdap"; baseDn: string; overrides?: Partial<LdapSettings> },
): Promise<{ id: string; settings: LdapSettings }> {
  const { id } = await createLdapSource({ name: opts.name, preset: opts.preset }, "admin");
  const settings: LdapSettings = {
    ...defaultLdapSettings(opts.preset),
    url: info.url,
    startTls: true,
    caCert: info.caCert,
    bindDn: info.readerDn,
    baseDn: opts.baseDn,
    pageSize: 50,
    ...opts.overrides,
  };
  await saveLdapSettings({ sourceId: id, settings, bindPassword: info.readerPassword }, "admin");
  return { id, settings };
}
