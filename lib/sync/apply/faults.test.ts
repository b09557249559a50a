import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { startSandboxServer, type FaultResponse, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { updateUser } from "../../directory/update-user";
import { saveProvisioningConfig } from "../../applications/provisioning/save-provisioning-config";
import { runCycle } from "../cycle/run-cycle";
import { assign, logsOf, makeApp, makeUser } from "../test-support/engine-fixtures";

const TOKEN = "faults-token";
let target: SandboxServer;
type Req = { method: string; path: string; body: unknown };
let fault: ((r: Req) => FaultResponse | undefined) | undefined;
const calls: Req[] = [];
const fast = { clientOptions: { retryBaseDelayMs: 5, retryMaxDelayMs: 20, timeoutMs: 400 } };

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
  fault = undefined;
  calls.length = 0;
});
afterAll(() => target.close());

const emptyList = {
  status: 200,
  body: JSON.stringify({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    totalResults: 0,
    startIndex: 1,
    itemsPerPage: 0,
    Resources: [],
  }),
};

describe("target faults", () => {
  it("links instead of failing when a create answers 409", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Con", "Flict");
    const existing = await target.store.seedUser({ userName: u.upn, displayName: "Someone", active: true });
    await assign(appId, "User", u.id);
    // The match query misses once (a target whose filter lags), so the POST meets the existing user: 409.
    let missed = false;
    fault = (r) => {
      if (r.method === "GET" && r.path === "/Users" && !missed) {
        missed = true;
        return emptyList;
      }
      return undefined;
    };
    const s = await runCycle(jobId, fast);
    expect(s.status).toBe("Succeeded");
    expect(calls.some((c) => c.method === "POST")).toBe(true);
    expect(target.store.listUsers().filter((x) => String(x.userName).toLowerCase() === u.upn)).toHaveLength(1);
    const conn = await prisma.connectorObject.findFirstOrThrow({ where: { jobId, sourceId: u.id } });
    expect(conn.targetId).toBe(existing.id);
    const [log] = await logsOf(jobId, s.cycleId);
    expect(log.steps.map((x: { detail: string }) => x.detail).join(" ")).toMatch(/409/);
  });

  it("re-matches and recreates when an update answers 404", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Gone", "Away");
    await assign(appId, "User", u.id);
    await runCycle(jobId, fast);
    const before = target.store.findUserByUserName(u.upn)!;
    await target.store.remove("User", before.id as string);
    await updateUser({ id: u.id, department: "Legal" }, "test");
    const s = await runCycle(jobId, fast);
    expect(s.status).toBe("Succeeded");
    const after = target.store.findUserByUserName(u.upn)!;
    expect(after.id).not.toBe(before.id);
    expect(
      (after["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] as { department: string }).department,
    ).toBe("Legal");
    const conn = await prisma.connectorObject.findFirstOrThrow({ where: { jobId, sourceId: u.id } });
    expect(conn.targetId).toBe(after.id);
  });

  it("honours Retry-After on 429 and retries 500s and timeouts", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const a = await makeUser("Rate", "Limited");
    const b = await makeUser("Server", "Error");
    const c = await makeUser("Slow", "Target");
    for (const u of [a, b, c]) await assign(appId, "User", u.id);
    const seen = new Set<string>();
    let throttledAt = 0;
    let retriedAt = 0;
    fault = (r) => {
      if (r.method !== "POST") return undefined;
      const userName = (r.body as { userName: string }).userName;
      const first = !seen.has(userName);
      seen.add(userName);
      if (userName === a.upn) {
        if (first) {
          throttledAt = Date.now();
          return { status: 429, headers: { "Retry-After": "1" }, body: "" };
        }
        retriedAt = Date.now();
      }
      if (userName === b.upn && first) return { status: 500, body: JSON.stringify({ detail: "boom" }) };
      if (userName === c.upn && first) return { delayMs: 1500 }; // longer than the 400 ms client timeout
      return undefined;
    };
    const s = await runCycle(jobId, fast);
    expect(s.status).toBe("Succeeded");
    expect(s.counts.created).toBe(3);
    expect(retriedAt - throttledAt).toBeGreaterThanOrEqual(950);
    for (const u of [a, b, c])
      expect(target.store.listUsers().filter((x) => String(x.userName).toLowerCase() === u.upn)).toHaveLength(1);
  });

  it("logs a failure and retries it in the next incremental cycle", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Fails", "Once");
    await assign(appId, "User", u.id);
    fault = (r) =>
      r.method === "POST"
        ? { status: 400, body: JSON.stringify({ scimType: "invalidValue", detail: "userName rejected" }) }
        : undefined;
    const s = await runCycle(jobId, fast);
    expect(s.status).toBe("Warning");
    expect(s.counts.failed).toBe(1);
    const [log] = await logsOf(jobId, s.cycleId);
    expect(log.status).toBe("Failure");
    expect(log.errorDetail).toMatch(/userName rejected/);
    fault = undefined;
    const s2 = await runCycle(jobId, fast);
    expect(s2.type).toBe("Incremental");
    expect(s2.counts.created).toBe(1);
    expect(target.store.findUserByUserName(u.upn)).toBeDefined();
  });
});

describe("a target that takes no PATCH on users", () => {
  it("updates with PUT", async () => {
    const methods: string[] = [];
    const putOnly = await startSandboxServer({
      token: TOKEN,
      disableUserPatch: true,
      beforeRequest: (r) => void methods.push(`${r.method} ${r.path.split("/").slice(0, 2).join("/")}`),
    });
    try {
      const { appId, jobId } = await makeApp({ url: putOnly.url, token: TOKEN });
      const u = await makeUser("Put", "Only");
      await assign(appId, "User", u.id);
      await runCycle(jobId, fast);
      await updateUser({ id: u.id, jobTitle: "Engineer" }, "test");
      methods.length = 0;
      const s = await runCycle(jobId, fast);
      expect(s.counts.updated).toBe(1);
      const user = putOnly.store.findUserByUserName(u.upn)!;
      expect(user.title).toBe("Engineer");
      expect(user.displayName).toBe("Put Only");
      // The template says PATCH; the target answers 405, and the client falls back to a full PUT.
      expect(methods.at(-1)).toBe("PUT /Users");
    } finally {
      await putOnly.close();
    }
  });

  it("remembers it on the job: the next cycle process sends PUT at once, and a new Tenant URL asks again", async () => {
    const methods: string[] = [];
    const putOnly = await startSandboxServer({
      token: TOKEN,
      disableUserPatch: true,
      beforeRequest: (r) => void methods.push(`${r.method} ${r.path.split("/").slice(0, 2).join("/")}`),
    });
    try {
      const { appId, jobId } = await makeApp({ url: putOnly.url, token: TOKEN });
      const users = [await makeUser("Put", "Remembered"), await makeUser("Put", "Again")];
      for (const u of users) await assign(appId, "User", u.id);
      await runCycle(jobId, fast);
      expect((await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).userPatchRefusedAt).toBeNull();
      await updateUser({ id: users[0].id, jobTitle: "First" }, "test");
      methods.length = 0;
      await runCycle(jobId, fast);
      expect(methods).toContain("PATCH /Users");
      const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
      expect(job.userPatchRefusedAt).toBeInstanceOf(Date);
      // A new cycle (a new client, as in a new cycle process) starts with PUT: no PATCH is refused again.
      for (const u of users) await updateUser({ id: u.id, jobTitle: "Second" }, "test");
      methods.length = 0;
      const s = await runCycle(jobId, fast);
      expect(s.counts.updated).toBe(2);
      expect(methods.filter((m) => m === "PATCH /Users")).toHaveLength(0);
      expect(methods.filter((m) => m === "PUT /Users")).toHaveLength(2);
      expect(putOnly.store.findUserByUserName(users[1].upn)!.title).toBe("Second");
      // Pointing the job at another target forgets it.
      await saveProvisioningConfig(
        {
          applicationId: appId,
          mode: "Automatic",
          tenantUrl: target.url,
          // Another host: the saved token is not sent there, so the new target's token is entered.
          secretToken: TOKEN,
          notificationEmail: "",
          sendOnFailure: false,
          scope: "AssignedOnly",
          preventAccidentalDeletion: true,
          deletionThreshold: "500",
          skipOutOfScopeDeletions: false,
          enabled: false,
        },
        "test",
      );
      expect((await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).userPatchRefusedAt).toBeNull();
    } finally {
      await putOnly.close();
    }
  });
});
