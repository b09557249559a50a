import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { forgetParsedEnv } from "../env";
import { defaultLdapSettings } from "../sources/ldap/ldap-settings";
import { idleLdapSync, startLdapSyncScheduler, stopLdapSyncScheduler } from "../sources/ldap/ldap-sync-scheduler";
import { seedLdapBranch, testLdap, type LdapBranch } from "../sources/ldap/test-support/ldap-fixture";
import { apiReader as reader, callApi as call } from "./test-support/call-api";

// Editing sources over /api/v1 against a real slapd (lib/test/ldap-global-setup.ts): an LDAP source's settings
// with a write-only bind password, Test connection, Run now (full and delta) run by the sync scheduler, and
// the sync log; a SCIM push source's attribute map.

// The scheduler runs syncs in this process, as it would with PROVISIO_CYCLE_PROCESS=inline.
process.env.PROVISIO_CYCLE_PROCESS = "inline";
forgetParsedEnv();

let branch: LdapBranch;
beforeAll(async () => {
  branch = await seedLdapBranch(testLdap(), "api");
  // An hour between ticks: syncs start only when a save or Run now wakes the scheduler.
  startLdapSyncScheduler({ tickMs: 3_600_000 });
});
afterAll(async () => {
  stopLdapSyncScheduler();
  await idleLdapSync();
  await branch?.close();
});

type Run = { id: number; mode: string; status: string; read: number; created: number };

/** Waits for the sync a save or Run now started to finish, over the API's sync log; returns the runs. */
async function syncFinished(sourceId: string, runsBefore: number): Promise<Run[]> {
  for (let i = 0; i < 200; i++) {
    await idleLdapSync();
    const runs = (await call("GET", `/sources/${sourceId}/ldap/sync-runs`, { as: reader })).json as Run[];
    if (runs.length > runsBefore && runs[0]!.status !== "Running") return runs;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("The LDAP sync did not finish");
}

describe("an LDAP source over the REST API", () => {
  const password = testLdap().readerPassword;
  const settings = () => ({
    ...defaultLdapSettings("OpenLdap"),
    url: testLdap().url,
    startTls: true,
    caCert: testLdap().caCert,
    bindDn: testLdap().readerDn,
    baseDn: branch.openLdapBase,
    pageSize: 50,
  });
  let sourceId = "";

  it("is added with a preset, and its settings saved with a bind password that is never answered", async () => {
    const created = await call("POST", "/sources", {
      body: { name: "Contoso LDAP", kind: "Ldap", preset: "OpenLdap" },
    });
    expect(created.status).toBe(201);
    sourceId = created.json.id;
    const draft = await call("GET", `/sources/${sourceId}`, { as: reader });
    expect(draft.json).toMatchObject({ kind: "Ldap", tenantUrl: null });
    expect(draft.json.ldap).toMatchObject({ configured: false, hasPassword: false, running: false });
    expect(draft.json.ldap.settings).toMatchObject({ preset: "OpenLdap", anchorAttribute: "entryUUID", url: "" });

    // The Sources page's rules: a password is needed the first time, and the settings are validated whole.
    const noPassword = await call("PUT", `/sources/${sourceId}/ldap`, { body: { settings: settings() } });
    expect([noPassword.status, noPassword.json.code]).toEqual([400, "ldap.invalid"]);
    expect(noPassword.json.fieldErrors).toEqual({ bindPassword: "Enter the bind password" });
    const bad = await call("PUT", `/sources/${sourceId}/ldap`, {
      body: { settings: { ...settings(), url: "http://ldap.example.com", userMap: [] }, bindPassword: password },
    });
    expect([bad.status, bad.json.code]).toEqual([400, "request.invalid"]);
    expect(Object.keys(bad.json.fieldErrors).sort()).toEqual(["settings.url", "settings.userMap"]);
    const refused = await call("PUT", `/sources/${sourceId}/ldap`, {
      body: { settings: settings(), bindPassword: password },
      as: reader,
    });
    expect([refused.status, refused.json.code]).toEqual([403, "auth.forbidden"]);

    const saved = await call("PUT", `/sources/${sourceId}/ldap`, {
      body: { settings: settings(), bindPassword: password },
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ configured: true, hasPassword: true });
    expect(saved.json.settings).toMatchObject({ url: testLdap().url, baseDn: branch.openLdapBase });
    // The save starts the first full read at once.
    const [first] = await syncFinished(sourceId, 0);
    expect(first).toMatchObject({ mode: "Full", status: "Succeeded", created: 6 });
    expect((await prisma.directoryUser.count({ where: { sourceId } })) > 0).toBe(true);

    // Saved again without the password: the saved one is kept for the same server, refused for another one.
    const kept = await call("PUT", `/sources/${sourceId}/ldap`, {
      body: { settings: { ...settings(), pageSize: 100 } },
    });
    expect([kept.status, kept.json.settings.pageSize, kept.json.hasPassword]).toEqual([200, 100, true]);
    const elsewhere = await call("PUT", `/sources/${sourceId}/ldap`, {
      body: { settings: { ...settings(), url: "ldaps://ldap.example.com", startTls: false } },
    });
    expect([elsewhere.status, elsewhere.json.code]).toEqual([400, "ldap.invalid"]);
    expect(elsewhere.json.fieldErrors.bindPassword).toMatch(/another server/);

    const whole = JSON.stringify([
      (await call("GET", `/sources/${sourceId}`)).json,
      await prisma.auditEvent.findMany(),
    ]);
    expect(whole).not.toContain(password);
    const audit = await call("GET", "/audit?limit=5", { as: reader });
    expect(audit.json.events[0]).toMatchObject({ actor: "ci (API token)", action: "source.ldap.updated" });
    expect(audit.json.events[0].details).toEqual(
      expect.arrayContaining([{ key: "passwordChanged", value: expect.any(String) }]),
    );
  });

  it("tests the connection with the saved password or a given one, and saves nothing", async () => {
    const ok = await call("POST", `/sources/${sourceId}/ldap/test-connection`, { body: { settings: settings() } });
    expect(ok.status).toBe(200);
    expect(ok.json.ok).toBe(true);
    expect(ok.json.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    const wrong = await call("POST", `/sources/${sourceId}/ldap/test-connection`, {
      body: { settings: settings(), bindPassword: "not-the-password" },
    });
    expect(wrong.json).toMatchObject({ ok: false, code: "invalid_credentials" });
    expect(JSON.stringify(wrong.json)).not.toContain("not-the-password");
    const refused = await call("POST", `/sources/${sourceId}/ldap/test-connection`, {
      body: { settings: settings() },
      as: reader,
    });
    expect(refused.status).toBe(403);
  });

  it("runs a delta sync or a full read now, and answers the sync log newest first", async () => {
    const before = (await call("GET", `/sources/${sourceId}/ldap/sync-runs`)).json.length as number;
    await branch.addOpenLdapUser("Sales", "erin");
    // modifyTimestamp has one-second resolution: the delta read must see erin as newer than the watermark.
    await new Promise((r) => setTimeout(r, 1100));
    const refused = await call("POST", `/sources/${sourceId}/ldap/sync`, { body: { full: true }, as: reader });
    expect([refused.status, refused.json.code]).toEqual([403, "auth.forbidden"]);

    const delta = await call("POST", `/sources/${sourceId}/ldap/sync`);
    expect(delta.status).toBe(202);
    expect(delta.json).toMatchObject({ configured: true });
    const afterDelta = await syncFinished(sourceId, before);
    expect(afterDelta[0]).toMatchObject({ mode: "Delta", status: "Succeeded", created: 1 });

    const full = await call("POST", `/sources/${sourceId}/ldap/sync`, { body: { full: true } });
    expect(full.status).toBe(202);
    const runs = await syncFinished(sourceId, before + 1);
    expect(runs.map((r) => r.mode).slice(0, 2)).toEqual(["Full", "Delta"]);
    expect(runs[0]).toMatchObject({ status: "Succeeded", created: 0 });
    expect((await call("GET", `/sources/${sourceId}/ldap/sync-runs?limit=1`)).json).toHaveLength(1);

    const trail = await call("GET", "/audit?limit=2");
    expect(trail.json.events.map((e: { actor: string; action: string }) => `${e.actor}: ${e.action}`)).toEqual([
      "ci (API token): source.ldap.run_now",
      "ci (API token): source.ldap.run_now",
    ]);
  });

  it("refuses LDAP operations on a SCIM push source and the attribute map on an LDAP one", async () => {
    const scim = await call("POST", "/sources", { body: { name: "Pushed", kind: "ScimPush" } });
    for (const [method, path, body] of [
      ["PUT", "ldap", { settings: settings(), bindPassword: "x" }],
      ["POST", "ldap/sync", undefined],
      ["GET", "ldap/sync-runs", undefined],
      ["POST", "ldap/test-connection", { settings: settings() }],
    ] as const) {
      const res = await call(method, `/sources/${scim.json.id}/${path}`, { body });
      expect([res.status, res.json.code], `${method} ${path}`).toEqual([409, "source.kind"]);
    }
    const map = await call("PUT", `/sources/${sourceId}/attribute-map`, {
      body: { users: [{ directory: "userPrincipalName", scim: "userName" }] },
    });
    expect([map.status, map.json.code]).toEqual([409, "source.kind"]);
    const missing = await call("POST", "/sources/nope/ldap/sync");
    expect([missing.status, missing.json.code]).toEqual([404, "source.not_found"]);
  });
});

describe("a SCIM push source over the REST API", () => {
  it("saves the attribute map with the page's validation, lists its activity, and deletes with 204", async () => {
    const { json } = await call("POST", "/sources", { body: { name: "Okta", kind: "ScimPush" } });
    const got = await call("GET", `/sources/${json.id}`);
    const users = got.json.attributeMap.users as { directory: string; scim: string }[];
    expect(users.length).toBeGreaterThan(0);

    const twice = await call("PUT", `/sources/${json.id}/attribute-map`, {
      body: { users: [...users, users.find((u) => u.directory === "userPrincipalName")] },
    });
    expect([twice.status, twice.json.code]).toEqual([400, "request.invalid"]);
    expect(Object.values(twice.json.fieldErrors).join(" ")).toMatch(/mapped twice/);
    const refused = await call("PUT", `/sources/${json.id}/attribute-map`, { body: { users }, as: reader });
    expect(refused.status).toBe(403);

    const withoutDepartment = users.filter((u) => u.directory !== "department");
    const saved = await call("PUT", `/sources/${json.id}/attribute-map`, { body: { users: withoutDepartment } });
    expect(saved.json).toEqual({ usersChanged: 0 });
    expect((await call("GET", `/sources/${json.id}`)).json.attributeMap.users).toEqual(withoutDepartment);
    const audit = await call("GET", "/audit?limit=1");
    expect(audit.json.events[0]).toMatchObject({ actor: "ci (API token)", action: "source.mapping.updated" });

    const events = await call("GET", `/sources/${json.id}/events?limit=5`, { as: reader });
    expect([events.status, events.json]).toEqual([200, []]);

    const deleted = await call("DELETE", `/sources/${json.id}`);
    expect([deleted.status, deleted.json]).toEqual([204, null]);
    expect((await call("GET", `/sources/${json.id}`)).status).toBe(404);
    expect((await call("GET", `/sources/${json.id}/events`)).json.code).toBe("source.not_found");
  });
});
