import dns from "node:dns/promises";
import net from "node:net";
import { z } from "zod";
import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { sourceIdSchema } from "../source-schemas";
import { diagnoseLdapError, type LdapDiagnosis } from "./diagnose-ldap-error";
import { ldapOrigin, ldapSettingsSchema, parseLdapUrl, type LdapSettings } from "./ldap-settings";
import { openLdapClient } from "./open-ldap-client";
import { readLdapBindPassword } from "./read-ldap-bind-password";

export const testLdapConnectionInput = z.object({
  sourceId: sourceIdSchema,
  settings: ldapSettingsSchema,
  /** Empty: the saved password, when the settings name the server it was saved for. */
  bindPassword: z.string().max(1000).optional(),
});

export type LdapCheck = { label: string; ok: boolean; detail: string };

export type LdapConnectionTest =
  { ok: true; checks: LdapCheck[]; message: string } | ({ ok: false; checks: LdapCheck[] } & LdapDiagnosis);

async function count(
  client: Awaited<ReturnType<typeof openLdapClient>>,
  settings: LdapSettings,
  filter: string,
): Promise<number> {
  // sizeLimit 1: whether anything matches, without reading the directory.
  const { searchEntries } = await client.search(settings.baseDn, {
    scope: "sub",
    filter,
    sizeLimit: 1,
    attributes: ["1.1"],
  });
  return searchEntries.length;
}

/**
 * Test connection, step by step as the sync would go: resolve the name, connect (with TLS: ldaps:// or
 * StartTLS), bind, find the base DN, and check that the user filter (and the group filter) match something.
 * The first failing step is diagnosed (DNS, refused, timeout, TLS, invalid credentials, base DN not found,
 * filter matches nothing) with what the server said. Nothing is saved.
 */
export async function testLdapConnection(input: z.input<typeof testLdapConnectionInput>): Promise<LdapConnectionTest> {
  const { sourceId, settings, bindPassword } = testLdapConnectionInput.parse(input);
  let password = bindPassword;
  if (!password) {
    const config = await prisma.ldapSourceConfig.findUnique({ where: { sourceId } });
    if (!config) throw new AppError("source.not_found", "This LDAP source no longer exists.");
    password = readLdapBindPassword(config, settings);
  }
  const checks: LdapCheck[] = [];
  const where = { url: settings.url, baseDn: settings.baseDn };
  const fail = (d: LdapDiagnosis): LdapConnectionTest => ({ ok: false, checks, ...d });
  const url = parseLdapUrl(settings.url)!;
  const host = url.host.replace(/^\[|\]$/g, "");
  if (!net.isIP(host)) {
    try {
      const { address } = await dns.lookup(host);
      checks.push({ label: "Resolve the server name", ok: true, detail: `${host} is ${address}` });
    } catch (e) {
      checks.push({ label: "Resolve the server name", ok: false, detail: host });
      return fail(diagnoseLdapError(e, where));
    }
  }
  let client;
  try {
    client = await openLdapClient(settings, password);
  } catch (e) {
    const d = diagnoseLdapError(e, where);
    checks.push({ label: "Connect and bind", ok: false, detail: d.message });
    return fail(d);
  }
  const tls = url.protocol === "ldaps:" ? "ldaps://" : settings.startTls ? "StartTLS" : "no TLS (loopback)";
  checks.push({
    label: "Connect and bind",
    ok: true,
    detail: `${ldapOrigin(settings.url)} with ${tls}, as ${settings.bindDn}`,
  });
  try {
    try {
      await client.search(settings.baseDn, { scope: "base", filter: "(objectClass=*)", attributes: ["1.1"] });
      checks.push({ label: "Find the base DN", ok: true, detail: settings.baseDn });
    } catch (e) {
      checks.push({ label: "Find the base DN", ok: false, detail: settings.baseDn });
      return fail(diagnoseLdapError(e, where));
    }
    for (const [label, filter] of [
      ["users", settings.userFilter],
      ["groups", settings.groupFilter],
    ] as const) {
      if (!filter) continue;
      let n: number;
      try {
        n = await count(client, settings, filter);
      } catch (e) {
        checks.push({ label: `Search ${label}`, ok: false, detail: filter });
        return fail(diagnoseLdapError(e, where));
      }
      checks.push({
        label: `Search ${label}`,
        ok: n > 0,
        detail: n > 0 ? `${filter} matches` : `${filter} matches nothing`,
      });
      if (n === 0)
        return fail({
          code: "filter_no_match",
          message: `The ${label.slice(0, -1)} filter ${filter} matches nothing under ${settings.baseDn}.`,
          serverMessage: null,
        });
    }
  } finally {
    await client.unbind().catch(() => {});
  }
  return { ok: true, checks, message: "Provisio can read users and groups from this server." };
}
