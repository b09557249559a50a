import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { startSandboxServer, type FaultResponse, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { assign, makeApp, makeGroup, makeUser } from "../test-support/engine-fixtures";
import { provisionOnDemand } from "./provision-on-demand";
import { restartProvisioning } from "./restart-provisioning";
import { runCycle } from "./run-cycle";

// Every path that meets 401 or 403 quarantines the job with InvalidCredentials: the listing a cycle sends
// first when two or more objects need matching, the per-object requests, the group members, on demand,
// and the command line.

const TOKEN = "refused-token-test";
let target: SandboxServer;
type Req = { method: string; path: string; body: unknown };
let fault: ((r: Req) => FaultResponse | undefined) | undefined;
const calls: Req[] = [];
const fast = { clientOptions: { retryBaseDelayMs: 5, retryMaxDelayMs: 20, timeoutMs: 2000 } };
const refused = (status = 401): FaultResponse => ({
  status,
  body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status) }),
});

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

async function appWithUsers(n: number, token = TOKEN) {
  const app = await makeApp({ url: target.url, token });
  const users = [];
  for (let i = 0; i < n; i++) {
    const u = await makeUser("Refused", `Token${i}${Date.now().toString(36)}`);
    await assign(app.appId, "User", u.id);
    users.push(u);
  }
  return { ...app, users };
}

async function expectQuarantined(jobId: string) {
  const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
  expect(job.status).toBe("Quarantine");
  expect(job.quarantineReason).toBe("InvalidCredentials");
  expect(job.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000); // the 6-hour backoff, not 40 min
  return job;
}

describe("a refused token quarantines the job", () => {
  it("when the listing for matching two or more objects answers 401", async () => {
    // Three users to match: the cycle lists the target first, and the wrong token fails that listing.
    const { jobId } = await appWithUsers(3, "wrong-token");
    const s = await runCycle(jobId, fast);
    expect(calls[0]).toMatchObject({ method: "GET", path: "/Users" });
    expect(s.status).toBe("Quarantined");
    expect(s.quarantineReason).toBe("InvalidCredentials");
    expect(s.error).toMatch(/refused the Secret Token/);
    await expectQuarantined(jobId);
    // Nothing was sent after the refusal, and the watermark stays for the redo.
    expect(calls.filter((c) => c.method !== "GET")).toHaveLength(0);
    const cycle = await prisma.cycle.findUniqueOrThrow({ where: { id: s.cycleId } });
    expect(cycle.status).toBe("Quarantined");
    expect(cycle.error).toMatch(/401/);
  });

  it("when the listing answers 403", async () => {
    const { jobId } = await appWithUsers(2);
    fault = (r) => (r.method === "GET" && r.path === "/Users" ? refused(403) : undefined);
    const s = await runCycle(jobId, fast);
    expect(s.status).toBe("Quarantined");
    await expectQuarantined(jobId);
  });

  it("when the one object's match query answers 401 (the per-object path)", async () => {
    const { jobId } = await appWithUsers(1, "wrong-token");
    const s = await runCycle(jobId, fast);
    expect(s.status).toBe("Quarantined");
    await expectQuarantined(jobId);
  });

  it("when the reconcile read after a restart answers 401 (its listing, or its GET of one object)", async () => {
    for (const n of [2, 1]) {
      const { jobId } = await appWithUsers(n);
      expect((await runCycle(jobId, fast)).counts.created).toBe(n);
      await restartProvisioning({ jobId }, "test");
      calls.length = 0;
      fault = (r) => (r.method === "GET" ? refused(401) : undefined);
      const s = await runCycle(jobId, fast);
      fault = undefined;
      expect(calls[0].path).toBe(n === 1 ? `/Users/${target.store.listUsers().at(-1)!.id}` : "/Users");
      expect(s.status).toBe("Quarantined");
      expect(calls.filter((c) => c.method !== "GET")).toHaveLength(0);
      await expectQuarantined(jobId);
    }
  });

  it("when a group's member update answers 401", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const a = await makeUser("Member", `A${Date.now().toString(36)}`);
    const b = await makeUser("Member", `B${Date.now().toString(36)}`);
    const g = await makeGroup(`Refused members ${Date.now().toString(36)}`, [a.id, b.id]);
    await assign(appId, "Group", g.id);
    fault = (r) => (r.method === "PATCH" && r.path.startsWith("/Groups/") ? refused(401) : undefined);
    const s = await runCycle(jobId, fast);
    expect(s.counts.created).toBe(3);
    expect(s.status).toBe("Quarantined");
    await expectQuarantined(jobId);
  });

  it("when provisioning on demand meets 401", async () => {
    const { jobId, users } = await appWithUsers(1, "wrong-token");
    await prisma.provisioningJob.update({ where: { id: jobId }, data: { status: "Active" } });
    const r = await provisionOnDemand({ jobId, objectType: "User", sourceId: users[0].id, actor: "test" }, fast);
    expect(r.status).toBe("Failed");
    expect(r.error).toMatch(/refused the Secret Token/);
    await expectQuarantined(jobId);
  });

  it("leaves a Paused job Paused when on demand meets 401", async () => {
    const { jobId, users } = await appWithUsers(1, "wrong-token");
    await prisma.provisioningJob.update({ where: { id: jobId }, data: { status: "Paused", enabled: false } });
    const r = await provisionOnDemand({ jobId, objectType: "User", sourceId: users[0].id, actor: "test" }, fast);
    expect(r.status).toBe("Failed");
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.status).toBe("Paused");
    expect(job.quarantineReason).toBeNull();
  });

  it("through the command line: npx provisio sync exits 1 with the quarantined summary", async () => {
    const { appId, jobId } = await appWithUsers(2, "wrong-token");
    const root = path.resolve(__dirname, "../../..");
    const child = spawn(process.execPath, [path.join(root, "bin/provisio.mjs"), "sync", appId], {
      cwd: root,
      env: process.env, // the same database and secret key as this test file
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const summary = JSON.parse(stdout.trim().split("\n").at(-1)!) as { status: string; quarantineReason: string };
    expect(summary.status).toBe("Quarantined");
    expect(summary.quarantineReason).toBe("InvalidCredentials");
    expect(calls.some((c) => c.method === "GET" && c.path === "/Users")).toBe(true);
    await expectQuarantined(jobId);
  }, 60_000);
});
