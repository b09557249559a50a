import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { startSandboxServer, type FaultResponse, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { assign, makeApp, makeGroup, makeUser } from "../test-support/engine-fixtures";
import { reportDrift } from "./report-drift";
import { restartProvisioning } from "./restart-provisioning";
import { runCycle } from "./run-cycle";

const TOKEN = "drift-token";
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
afterAll(() => target.close());

async function atTarget(method: string, p: string, body?: unknown): Promise<void> {
  const res = await fetch(`${target.url}${p}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/scim+json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status}`);
}
const patchOp = (Operations: unknown[]) => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations });
const user = (upn: string) => target.store.findUserByUserName(upn)!;

/** `npx provisio drift <app>`: its exit code and the report it printed. */
async function cliDrift(appId: string): Promise<{ code: number | null; report: Record<string, unknown> }> {
  const root = path.resolve(__dirname, "../../..");
  const child = spawn(process.execPath, [path.join(root, "bin/provisio.mjs"), "drift", appId], {
    cwd: root,
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { code, report: JSON.parse(stdout.trim()) as Record<string, unknown> };
}

describe("the drift report", () => {
  it("lists each difference at the target and its orphaned accounts, read-only; Restart clears the drift", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const kai = await makeUser("Kai", "Drift");
    const dee = await makeUser("Dee", "Drift");
    const mo = await makeUser("Mo", "Drift");
    const xi = await makeUser("Xi", "Drift");
    const team = await makeGroup("Drift team", [kai.id, mo.id]);
    await assign(appId, "Group", team.id);
    await assign(appId, "User", dee.id);
    await assign(appId, "User", xi.id);
    expect((await runCycle(jobId)).counts.created).toBe(5);
    // Accounts at the target that Provisio never provisioned.
    const orphan = await target.store.seedUser({ userName: "contractor@elsewhere.test", active: true });
    await target.store.seedGroup({ displayName: "Made at the target" });

    const clean = await reportDrift({ jobId });
    expect(clean.differing).toBe(0);
    expect(clean.compared).toEqual({ users: 4, groups: 1 });
    expect(clean.orphans.accounts).toEqual(
      expect.arrayContaining([
        { objectType: "User", targetId: orphan.id, identity: "contractor@elsewhere.test", active: true },
        expect.objectContaining({ objectType: "Group", identity: "Made at the target" }),
      ]),
    );
    expect(clean.orphans).toMatchObject({ users: 1, groups: 1, truncated: false });

    const teamId = target.store.findGroupsByDisplayName("Drift team")[0].id as string;
    const deeId = user(dee.upn).id;
    await atTarget(
      "PATCH",
      `/Users/${user(kai.upn).id}`,
      patchOp([{ op: "replace", path: "displayName", value: "Wrong" }]),
    );
    await atTarget("DELETE", `/Users/${deeId}`);
    await atTarget(
      "PATCH",
      `/Groups/${teamId}`,
      patchOp([
        { op: "remove", path: `members[value eq "${user(mo.upn).id}"]` },
        { op: "add", path: "members", value: [{ value: user(xi.upn).id }] },
      ]),
    );

    calls.length = 0;
    const drift = await reportDrift({ jobId });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.method === "GET")).toBe(true); // nothing that changes the target
    expect(drift.requests).toBe(calls.length);
    expect(drift.differing).toBe(3);
    expect(drift.counts).toEqual({ attributes: 1, missingAtTarget: 1, members: 1, unreadable: 0 });
    const byId = new Map(drift.differences.map((d) => [d.sourceId, d]));
    expect(byId.get(kai.id)?.attributes).toEqual([{ name: "displayName", ours: "Kai Drift", theirs: "Wrong" }]);
    expect(byId.get(dee.id)).toMatchObject({ missingAtTarget: true, targetId: deeId, identity: dee.upn });
    expect(byId.get(team.id)?.members).toEqual({ missing: [mo.upn], extra: [xi.upn], missingCount: 1, extraCount: 1 });
    // The linked objects and the connector data store are untouched by the report.
    expect(user(kai.upn).displayName).toBe("Wrong");
    expect(await prisma.targetSnapshot.count({ where: { jobId } })).toBe(0);

    // Listing is capped; the counts stay complete.
    const capped = await reportDrift({ jobId, limit: 1 });
    expect(capped.differences).toHaveLength(1);
    expect(capped).toMatchObject({ differing: 3, differencesTruncated: true });
    expect(capped.orphans).toMatchObject({ users: 1, groups: 1, truncated: true });

    // The command line prints the same report and exits 1 while objects differ.
    const before = await cliDrift(appId);
    expect(before.code).toBe(1);
    expect(before.report).toMatchObject({ differing: 3, jobId });

    await restartProvisioning({ jobId }, "test");
    expect((await runCycle(jobId)).status).toBe("Succeeded");
    const after = await reportDrift({ jobId });
    expect(after.differing).toBe(0);
    expect(after.orphans.accounts.map((a) => a.identity)).toContain("contractor@elsewhere.test");
    expect((await cliDrift(appId)).code).toBe(0);
  }, 60_000);

  it("quarantines a running job when the target refuses the token", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Drift", "Refused");
    await assign(appId, "User", u.id);
    await runCycle(jobId);
    fault = (r) => (r.method === "GET" ? { status: 401, body: "{}" } : undefined);
    try {
      await expect(reportDrift({ jobId })).rejects.toMatchObject({
        code: "drift.credentials_refused",
        message: expect.stringMatching(/refused the Secret Token/),
      });
    } finally {
      fault = undefined;
    }
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "Quarantine", quarantineReason: "InvalidCredentials" });
  });
});
