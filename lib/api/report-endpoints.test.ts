import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { updateUser } from "../directory/update-user";
import { createApplication } from "../applications/create-application";
import { startSandboxServer, type SandboxServer } from "../sandbox/start-sandbox-server";
import { runCycle } from "../sync/cycle/run-cycle";
import { assign, makeApp, makeUser } from "../sync/test-support/engine-fixtures";
import { apiReader as reader, callApi as call } from "./test-support/call-api";

// What will change, the drift report and schema discovery over /api/v1, against the SCIM sandbox on node:http.

const TOKEN = "api-report-token";
let target: SandboxServer;
const requests: { method: string; path: string }[] = [];
beforeAll(async () => {
  target = await startSandboxServer({
    token: TOKEN,
    beforeRequest: (r) => void requests.push({ method: r.method, path: r.path }),
  });
});
afterAll(() => target.close());

/** The requests the target received while `act` ran. */
async function sentDuring(act: () => Promise<unknown>): Promise<string[]> {
  const from = requests.length;
  await act();
  return requests.slice(from).map((r) => r.method);
}

describe("what will change, over the REST API", () => {
  it("plans the next cycle without sending anything, for a Reader too", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const ana = await makeUser("Ana", "Preview");
    await assign(appId, "User", ana.id);

    let plan: Awaited<ReturnType<typeof call>> | undefined;
    expect(
      await sentDuring(async () => {
        plan = await call("GET", `/applications/${appId}/provisioning/preview`, { as: reader });
      }),
    ).toEqual([]);
    expect(plan!.status).toBe(200);
    expect(plan!.json).toMatchObject({ jobId, type: "Initial", provisioningEnabled: true, truncated: false });
    expect(plan!.json.counts).toMatchObject({ create: 1, update: 0, delete: 0 });
    const [create] = plan!.json.operations;
    expect(create).toMatchObject({ objectType: "User", sourceId: ana.id, identity: ana.upn, action: "Create" });
    expect(create.changes).toEqual(expect.arrayContaining([{ name: "userName", oldValue: null, newValue: ana.upn }]));

    await runCycle(jobId);
    await updateUser({ id: ana.id, department: "Finance" }, "test");
    const next = await call("GET", `/applications/${appId}/provisioning/preview?limit=5`);
    expect(next.json).toMatchObject({ type: "Incremental", counts: { create: 0, update: 1 } });
    expect(next.json.operations[0].changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ newValue: "Finance" })]),
    );

    const bad = await call("GET", `/applications/${appId}/provisioning/preview?limit=0`);
    expect([bad.status, bad.json.code, Object.keys(bad.json.fieldErrors)]).toEqual([400, "request.invalid", ["limit"]]);
    const missing = await call("GET", "/applications/nope/provisioning/preview");
    expect([missing.status, missing.json.code]).toEqual([404, "application.not_found"]);
  });

  it("previews the scope of the saved filters and of drafts, and lists each side", async () => {
    const { appId } = await makeApp({ url: target.url, token: TOKEN });
    const sales = await makeUser("Sam", "Scope");
    const ops = await makeUser("Olu", "Scope", { department: "Operations" });
    await assign(appId, "User", sales.id);
    await assign(appId, "User", ops.id);
    const base = `/applications/${appId}/provisioning/scoping/User/preview`;

    const saved = await call("GET", base, { as: reader });
    expect(saved.json).toMatchObject({ inScope: 2, total: 2, basis: "AssignedOnly", failed: 0 });

    const filters = [{ clauses: [{ attribute: "department", operator: "EQUALS", value: "Operations" }] }];
    expect((await call("POST", base, { body: { filters }, as: reader })).status).toBe(403);
    const draft = await call("POST", base, { body: { filters } });
    expect(draft.json).toMatchObject({ inScope: 1, total: 2, inScopeSample: [{ id: ops.id }] });
    expect(draft.json.outOfScopeSample).toEqual([
      expect.objectContaining({ id: sales.id, reason: expect.any(String) }),
    ]);
    // Nothing was saved: the saved filters still let everyone in.
    expect((await call("GET", `/applications/${appId}/provisioning/scoping/User`)).json.filters).toEqual([]);

    const inScope = await call("GET", `${base}/objects?outcome=InScope&search=olu`, { as: reader });
    expect(inScope.json).toMatchObject({ outcome: "InScope", matching: 1, offset: 0, items: [{ id: ops.id }] });
    const out = await call("POST", `${base}/objects`, { body: { filters, outcome: "OutOfScope" } });
    expect(out.json).toMatchObject({ matching: 1, items: [{ id: sales.id }] });
    const invalid = await call("POST", base, {
      body: { filters: [{ clauses: [{ attribute: "department", operator: "REGEX MATCH", value: "(" }] }] },
    });
    expect([invalid.status, invalid.json.code]).toEqual([400, "request.invalid"]);
    expect(Object.keys(invalid.json.fieldErrors)).toEqual(["filters.0.clauses.0.value"]);
  });
});

describe("the drift report, over the REST API", () => {
  it("lists what differs at the target and its unlinked accounts, with reads only", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const kim = await makeUser("Kim", "Drift");
    await assign(appId, "User", kim.id);
    await runCycle(jobId);
    const linked = target.store.findUserByUserName(kim.upn)!;
    await fetch(`${target.url}/Users/${linked.id as string}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/scim+json" },
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path: "displayName", value: "Changed at the target" }],
      }),
    });
    const orphan = await target.store.seedUser({ userName: `orphan.${Date.now()}@elsewhere.test`, active: true });

    let report: Awaited<ReturnType<typeof call>> | undefined;
    const sent = await sentDuring(async () => {
      report = await call("GET", `/applications/${appId}/provisioning/drift?limit=50`, { as: reader });
    });
    expect(report!.status).toBe(200);
    expect(new Set(sent)).toEqual(new Set(["GET"]));
    expect(report!.json).toMatchObject({
      jobId,
      compared: { users: 1, groups: 0 },
      differing: 1,
      listingComplete: true,
    });
    expect(report!.json.differences).toEqual([
      expect.objectContaining({
        sourceId: kim.id,
        identity: kim.upn,
        targetId: linked.id,
        missingAtTarget: false,
        attributes: [{ name: "displayName", ours: "Kim Drift", theirs: "Changed at the target" }],
      }),
    ]);
    expect(report!.json.orphans.accounts).toEqual(
      expect.arrayContaining([{ objectType: "User", targetId: orphan.id, identity: orphan.userName, active: true }]),
    );
    expect(report!.json.requests).toBe(sent.length);

    const bad = await call("GET", `/applications/${appId}/provisioning/drift?limit=5000`);
    expect([bad.status, bad.json.code]).toEqual([400, "request.invalid"]);
    const { id: unconfigured } = await createApplication({ templateId: "scim-2", name: "No target yet" }, "test");
    const none = await call("GET", `/applications/${unconfigured}/provisioning/drift`);
    expect([none.status, none.json.code]).toEqual([409, "credentials.missing"]);
  });

  it("answers a target that refuses the token as a problem with its typed code", async () => {
    const { appId } = await makeApp({ url: target.url, token: "not-the-token" });
    const refused = await call("GET", `/applications/${appId}/provisioning/drift`);
    expect([refused.status, refused.json.code]).toEqual([502, "drift.credentials_refused"]);
    expect(refused.type).toBe("application/problem+json");
  });
});

describe("schema discovery, over the REST API", () => {
  it("adds the target's attributes to the list once, audited under the token's name", async () => {
    const { appId } = await makeApp({ url: target.url, token: TOKEN });
    const path = `/applications/${appId}/provisioning/target-attributes/User/discover`;
    expect((await call("POST", path, { as: reader })).status).toBe(403);

    const before = await prisma.targetAttribute.count({ where: { job: { applicationId: appId }, objectType: "User" } });
    let first: Awaited<ReturnType<typeof call>> | undefined;
    expect(await sentDuring(async () => void (first = await call("POST", path)))).toEqual(["GET"]);
    expect(first!.status).toBe(200);
    expect(first!.json.found).toBeGreaterThan(0);
    const names = first!.json.mappings.targetAttributes.map((a: { name: string }) => a.name);
    expect(names).toHaveLength(before + first!.json.added.length);
    for (const added of first!.json.added) expect(names).toContain(added);
    expect(names).toContain("userName");

    const again = await call("POST", path);
    expect(again.json).toMatchObject({ found: first!.json.found, added: [] });
    const audit = await call("GET", `/applications/${appId}/audit?limit=1`);
    expect(audit.json.events[0]).toMatchObject({ actor: "ci (API token)", action: "targetAttributes.discovered" });

    const { id: unconfigured } = await createApplication({ templateId: "scim-2", name: "No credentials" }, "test");
    const none = await call("POST", `/applications/${unconfigured}/provisioning/target-attributes/Group/discover`);
    expect([none.status, none.json.code]).toEqual([409, "discovery.no_credentials"]);
    const { appId: wrong } = await makeApp({ url: target.url, token: "not-the-token" });
    const refused = await call("POST", `/applications/${wrong}/provisioning/target-attributes/User/discover`);
    expect([refused.status, refused.json.code]).toEqual([502, "discovery.unauthorized"]);
  });
});
