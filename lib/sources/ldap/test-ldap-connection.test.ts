import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { isAppError } from "../../errors";
import { saveLdapSettings } from "./save-ldap-settings";
import { testLdapConnection } from "./test-ldap-connection";
import { addLdapSource, seedLdapBranch, testLdap, type LdapBranch } from "./test-support/ldap-fixture";
import type { LdapSettings } from "./ldap-settings";

// Test connection against the real slapd: each failure is named, with what the server said.

let branch: LdapBranch;
let sourceId: string;
let settings: LdapSettings;

beforeAll(async () => {
  branch = await seedLdapBranch(testLdap(), "conn");
  ({ id: sourceId, settings } = await addLdapSource(testLdap(), {
    name: "Connection test",
    preset: "OpenLdap",
    baseDn: branch.openLdapBase,
  }));
});
afterAll(async () => {
  await branch?.close();
});

const test = (overrides: Partial<LdapSettings>, bindPassword?: string) =>
  testLdapConnection({ sourceId, settings: { ...settings, ...overrides }, bindPassword });

describe("Test connection", () => {
  it("passes with StartTLS and the saved password, and with ldaps://", async () => {
    const ok = await test({});
    expect(ok.ok).toBe(true);
    expect(ok.checks.map((c) => c.label)).toEqual([
      "Connect and bind",
      "Find the base DN",
      "Search users",
      "Search groups",
    ]);
    expect(ok.checks[0].detail).toContain("StartTLS");
    const ldaps = await test({ url: testLdap().ldapsUrl, startTls: false }, testLdap().readerPassword);
    expect(ldaps).toMatchObject({ ok: true });
  });

  it("diagnoses invalid credentials with the server's message", async () => {
    const r = await test({}, "wrong password");
    expect(r).toMatchObject({ ok: false, code: "invalid_credentials" });
    expect(!r.ok && r.serverMessage).toMatch(/Invalid Credentials|49/i);
  });

  it("diagnoses a base DN that does not exist", async () => {
    const r = await test({ baseDn: `ou=nowhere,${branch.dn}` });
    expect(r).toMatchObject({ ok: false, code: "base_dn_not_found" });
    expect(!r.ok && r.message).toContain(`ou=nowhere,${branch.dn}`);
    expect(!r.ok && r.serverMessage).toMatch(/^No such object \(LDAP result 32\)/);
  });

  it("diagnoses a filter that matches nothing", async () => {
    const r = await test({ userFilter: "(objectClass=posixAccount)" });
    expect(r).toMatchObject({ ok: false, code: "filter_no_match" });
    expect(!r.ok && r.message).toContain("(objectClass=posixAccount)");
    const groups = await test({ groupFilter: "(cn=no such group)" });
    expect(groups).toMatchObject({ ok: false, code: "filter_no_match" });
  });

  it("diagnoses an untrusted certificate, a refused port and an unknown host", async () => {
    const tls = await test({ caCert: "" });
    expect(tls).toMatchObject({ ok: false, code: "tls" });
    expect(!tls.ok && tls.serverMessage).toMatch(/certificate/i);
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    const refused = await test({ url: `ldap://127.0.0.1:${port}` }, "x");
    expect(refused).toMatchObject({ ok: false, code: "refused" });
    expect(!refused.ok && refused.serverMessage).toMatch(/ECONNREFUSED/);
    const dns = await test({ url: "ldaps://ldap.does-not-exist.invalid", startTls: false }, "x");
    expect(dns).toMatchObject({ ok: false, code: "dns" });
  });

  it("diagnoses a server that accepts the connection but never answers, within the operation timeout", async () => {
    // A port that accepts and then stays silent (a hung server, or something that is not LDAP).
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      for (const startTls of [false, true]) {
        const started = Date.now();
        const r = await test({ url: `ldap://127.0.0.1:${port}`, startTls, operationTimeoutSeconds: 1 }, "x");
        expect(r).toMatchObject({ ok: false, code: "timeout" });
        expect(!r.ok && r.message).toBe(`ldap://127.0.0.1:${port} did not answer in time.`);
        expect(!r.ok && r.serverMessage).toMatch(/timed out/);
        expect(Date.now() - started).toBeLessThan(5_000);
      }
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it("never sends the saved password to another server", async () => {
    const error = await test({
      url: `ldap://localhost:${new URL(testLdap().url.replace("ldap:", "http:")).port}`,
    }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("ldap.password_not_bound");
    const save = await saveLdapSettings(
      { sourceId, settings: { ...settings, url: testLdap().ldapsUrl, startTls: false } },
      "admin",
    ).catch((e: unknown) => e);
    expect(isAppError(save) && save.fieldErrors).toMatchObject({ bindPassword: expect.stringMatching(/again/) });
  });

  it("keeps the password encrypted at rest and out of the audit trail", async () => {
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId } });
    expect(config.bindPassword).toMatch(/^v1:/);
    expect(config.bindPassword).not.toContain(testLdap().readerPassword);
    expect(config.settings).not.toContain(testLdap().readerPassword);
    const audit = await prisma.auditEvent.findMany({ where: { action: "source.ldap.updated" } });
    expect(audit.length).toBeGreaterThan(0);
    for (const a of audit) expect(a.details).not.toContain(testLdap().readerPassword);
  });
});
