import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { setUserAccountEnabled } from "../../directory/set-user-account-enabled";
import { updateUser } from "../../directory/update-user";
import { startSandboxServer, type FaultResponse, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { startScimTestServer, type ScimTestServer } from "../../scim/test-support/start-scim-test-server";
import { configureEngine } from "../engine-config";
import { assign, logsOf, makeApp, makeGroup, makeUser } from "../test-support/engine-fixtures";
import { restartProvisioning } from "./restart-provisioning";
import { runCycle } from "./run-cycle";

// Restart provisioning reconciles with the target: the initial cycle reads what the target actually holds
// for every linked object and corrects every difference made there, while incremental cycles stay cheap.

const TOKEN = "reconcile-token";
let target: SandboxServer;
type Req = { method: string; path: string; body: unknown };
const calls: Req[] = [];
let fault: ((r: Req) => FaultResponse | undefined) | undefined;

beforeAll(async () => {
  target = await startSandboxServer({
    token: TOKEN,
    beforeRequest: (r) => {
      calls.push(r);
      return fault?.(r);
    },
  });
});
beforeEach(() => {
  calls.length = 0;
  fault = undefined;
});
afterAll(() => target.close());

/** Changes the target directly through its SCIM endpoint, as someone working in the target app would. */
async function atTarget(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/scim+json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}
const patchOp = (Operations: unknown[]) => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations });
const user = (upn: string) => target.store.findUserByUserName(upn)!;
const sent = () => calls.filter((c) => c.method !== "GET");

describe("restart provisioning reconciles with the target", () => {
  it("corrects changed attributes, recreates deleted users and groups, and fixes missing and extra members", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const kai = await makeUser("Kai", "Changed");
    const dee = await makeUser("Dee", "Deleted");
    const mo = await makeUser("Mo", "Removed");
    const xi = await makeUser("Xi", "Extra");
    const off = await makeUser("Off", "Disabled");
    const team = await makeGroup("Reconcile team", [kai.id, dee.id, mo.id]);
    const gone = await makeGroup("Reconcile gone", [kai.id]);
    for (const g of [team, gone]) await assign(appId, "Group", g.id);
    await assign(appId, "User", xi.id);
    await assign(appId, "User", off.id);
    expect((await runCycle(jobId)).counts.created).toBe(7);
    await setUserAccountEnabled({ id: off.id, accountEnabled: false }, "test");
    expect((await runCycle(jobId)).counts.disabled).toBe(1);
    const teamAt = () => target.store.findGroupsByDisplayName("Reconcile team")[0];
    const members = () =>
      target.store
        .groupMemberIds(teamAt().id as string)
        .map((id) => target.store.getUser(id)?.userName)
        .sort();

    // Someone works in the target application.
    const deeBefore = user(dee.upn).id;
    await atTarget(
      "PATCH",
      `/Users/${user(kai.upn).id}`,
      patchOp([{ op: "replace", path: "displayName", value: "Wrong" }]),
    );
    await atTarget("PATCH", `/Users/${user(off.upn).id}`, patchOp([{ op: "replace", path: "active", value: true }]));
    await atTarget("DELETE", `/Users/${deeBefore}`);
    await atTarget("DELETE", `/Groups/${target.store.findGroupsByDisplayName("Reconcile gone")[0].id}`);
    await atTarget(
      "PATCH",
      `/Groups/${teamAt().id}`,
      patchOp([
        { op: "remove", path: `members[value eq "${user(mo.upn).id}"]` },
        { op: "add", path: "members", value: [{ value: user(xi.upn).id }] },
      ]),
    );

    // An incremental cycle compares with the connector data store only: nothing to send, no request.
    calls.length = 0;
    const idle = await runCycle(jobId);
    expect(idle.type).toBe("Incremental");
    expect(idle.requests).toBe(0);
    expect(user(kai.upn).displayName).toBe("Wrong");

    await restartProvisioning({ jobId }, "test");
    calls.length = 0;
    const s = await runCycle(jobId);
    expect(s.type).toBe("Initial");
    expect(s.status).toBe("Succeeded");
    expect(user(kai.upn).displayName).toBe("Kai Changed");
    expect(user(off.upn).active).toBe(false);
    const deeAfter = user(dee.upn);
    expect(deeAfter).toBeDefined();
    expect(deeAfter.id).not.toBe(deeBefore);
    const deeLink = await prisma.connectorObject.findFirstOrThrow({ where: { jobId, sourceId: dee.id } });
    expect(deeLink.targetId).toBe(deeAfter.id);
    expect(target.store.findGroupsByDisplayName("Reconcile gone")).toHaveLength(1);
    expect(members()).toEqual([kai.upn, dee.upn, mo.upn].sort()); // Mo back, Xi out, Dee's new id in
    const goneMembers = target.store.groupMemberIds(
      target.store.findGroupsByDisplayName("Reconcile gone")[0].id as string,
    );
    expect(goneMembers).toEqual([user(kai.upn).id]);
    // Seven users and groups read with one listing each, not one GET each; the two gone from the target
    // are matched by one query each (the listing did not hold them) before they are created again.
    const reads = calls.filter((c) => c.method === "GET");
    expect(reads.map((c) => c.path).sort()).toEqual(["/Groups", "/Groups", "/Users", "/Users"]);
    expect(s.counts.created).toBe(2);

    // The log says what was corrected, ours against theirs.
    const logs = await logsOf(jobId, s.cycleId);
    const kaiEntry = logs.find((l) => l.sourceId === kai.id && l.objectType === "User")!;
    expect(kaiEntry.action).toBe("Update");
    expect(kaiEntry.modifiedProperties).toEqual([{ name: "displayName", oldValue: "Wrong", newValue: "Kai Changed" }]);
    expect(kaiEntry.steps.find((x: { step: string }) => x.step === "Match").detail).toMatch(
      /current values at the target/,
    );
    const deeEntry = logs.find((l) => l.sourceId === dee.id)!;
    expect(deeEntry.action).toBe("Create");
    expect(deeEntry.steps.find((x: { step: string }) => x.step === "Match").detail).toMatch(
      new RegExp(`Target id ${deeBefore} is gone from the target`),
    );
    const teamEntry = logs.find((l) => l.sourceId === team.id)!;
    expect(teamEntry.steps.at(-1).detail).toMatch(/2 added, 1 removed/); // Mo and Dee's new id; Xi

    // In step again: a second restart only reads, and the next incremental cycle sends nothing.
    await restartProvisioning({ jobId }, "test");
    calls.length = 0;
    const again = await runCycle(jobId);
    expect(again.status).toBe("Succeeded");
    expect(sent()).toEqual([]);
    expect(await logsOf(jobId, again.cycleId)).toHaveLength(0);
    calls.length = 0;
    expect((await runCycle(jobId)).requests).toBe(0);
    // The snapshot of the target went with the cycles that read it.
    expect(await prisma.targetSnapshot.count({ where: { jobId } })).toBe(0);
  });

  it("reads one object at a time when that costs fewer requests than listing a large target", async () => {
    const restore = configureEngine({ listPageSize: 5 });
    try {
      for (let i = 0; i < 30; i++) await target.store.seedUser({ userName: `bystander${i}.${Date.now()}@other.test` });
      const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
      const a = await makeUser("Get", "One");
      const b = await makeUser("Get", "Two");
      for (const u of [a, b]) await assign(appId, "User", u.id);
      await runCycle(jobId);
      await atTarget("PATCH", `/Users/${user(b.upn).id}`, patchOp([{ op: "replace", path: "title", value: "Boss" }]));
      await restartProvisioning({ jobId }, "test");
      calls.length = 0;
      const s = await runCycle(jobId);
      // One page to learn the target's size (too many pages to be worth it), then a GET per linked user.
      const reads = calls.filter((c) => c.method === "GET").map((c) => c.path);
      expect(reads[0]).toBe("/Users");
      expect(reads.slice(1).sort()).toEqual([`/Users/${user(a.upn).id}`, `/Users/${user(b.upn).id}`].sort());
      expect(s.counts.updated).toBe(1);
      expect(user(b.upn).title).toBeUndefined();
    } finally {
      restore();
    }
  });

  it("compares with the values last exported where the target cannot answer for an object", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Un", "Readable");
    await assign(appId, "User", u.id);
    await runCycle(jobId);
    const id = user(u.upn).id;
    fault = (r) => (r.method === "GET" && r.path === `/Users/${id}` ? { status: 500, body: "{}" } : undefined);
    await updateUser({ id: u.id, department: "Legal" }, "test");
    await restartProvisioning({ jobId }, "test");
    const s = await runCycle(jobId, { clientOptions: { retryBaseDelayMs: 1, retryMaxDelayMs: 2, maxRetries: 1 } });
    expect(s.status).toBe("Succeeded");
    expect(s.counts).toMatchObject({ failed: 0, updated: 1, created: 0 });
    const [entry] = await logsOf(jobId, s.cycleId);
    expect(entry.steps.find((x: { step: string }) => x.step === "Match").detail).toMatch(
      /could not be read from the target .*500.*compared with the values last exported/,
    );
    expect(target.store.listUsers().filter((x) => x.userName === u.upn)).toHaveLength(1);
  });
});

describe("reconcile against a target that pages with its own page size", () => {
  let paged: ScimTestServer;
  beforeAll(async () => {
    paged = await startScimTestServer({ token: TOKEN }); // lists at most 50 per page
  });
  afterEach(() => {
    paged.requests.length = 0;
  });
  afterAll(() => paged.close());

  it("lists all pages of a Zscaler target (asks for 1,000, gets 50) and corrects each user", async () => {
    const { appId, jobId } = await makeApp({ url: paged.baseUrl, token: TOKEN, templateId: "zscaler-two" });
    const users = [];
    for (let i = 0; i < 120; i++) {
      const u = await makeUser("Paged", `User${i}`);
      await assign(appId, "User", u.id);
      users.push(u);
    }
    expect((await runCycle(jobId)).counts.created).toBe(120);
    for (const r of paged.users.values())
      if (String(r.userName).endsWith("user7@contoso.test")) r.displayName = "Drift";
    await restartProvisioning({ jobId }, "test");
    paged.requests.length = 0;
    const s = await runCycle(jobId);
    expect(s.counts.updated).toBe(1);
    const lists = paged.requests.filter((r) => r.method === "GET" && r.path === "/Users");
    expect(lists.map((r) => [r.query.get("startIndex"), r.query.get("count")])).toEqual([
      ["1", "1000"],
      ["51", "1000"],
      ["101", "1000"],
    ]);
    expect(paged.requests.filter((r) => r.method === "GET" && r.path.startsWith("/Users/"))).toHaveLength(0);
    expect([...paged.users.values()].find((r) => String(r.userName).endsWith("user7@contoso.test"))?.displayName).toBe(
      "Paged User7",
    );
  }, 60_000);
});
