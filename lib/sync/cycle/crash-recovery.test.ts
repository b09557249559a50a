import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { assign, makeApp, makeGroup } from "../test-support/engine-fixtures";

/**
 * A cycle killed midway (SIGKILL, no chance to clean up) is redone safely: run the CLI `sync` in a child
 * process against a SCIM target in another process, kill it after some creates reached the target, run
 * it again, and find the target exactly as expected: every user and group once, no duplicates, no misses.
 */
const ROOT = path.resolve(__dirname, "../../..");
const TOKEN = "crash-token";
const N = 150;
let targetProcess: ChildProcess;
let targetUrl = "";

function nodeTs(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function scim(pathname: string): Promise<{ totalResults: number; Resources: Record<string, unknown>[] }> {
  const res = await fetch(`${targetUrl}${pathname}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return res.json();
}

async function listAll(type: "Users" | "Groups") {
  const out: Record<string, unknown>[] = [];
  for (let start = 1; ; start += 100) {
    const page = await scim(`/${type}?startIndex=${start}&count=100`);
    out.push(...page.Resources);
    if (page.Resources.length === 0 || out.length >= page.totalResults) return out;
  }
}

beforeAll(async () => {
  targetProcess = nodeTs(["scripts/sandbox-server.ts", "--token", TOKEN]);
  targetUrl = await new Promise<string>((resolve, reject) => {
    let buf = "";
    targetProcess.stdout!.on("data", (d) => {
      buf += String(d);
      const line = buf.split("\n").find((l) => l.trim().startsWith("{"));
      if (line) resolve(JSON.parse(line).url);
    });
    targetProcess.once("exit", (code) => reject(new Error(`sandbox server exited with ${code}`)));
  });
}, 60_000);

afterAll(() => {
  targetProcess?.kill("SIGTERM");
});

function runCli(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
} {
  const child = nodeTs(["bin/provisio.ts", ...args]);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += String(d)));
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

describe("crash safety", () => {
  it("redoes a cycle killed mid-way with no duplicates and no misses", async () => {
    // 40 requests/s: the cycle takes a few seconds, long enough to be killed in the middle.
    const { appId, jobId } = await makeApp({ url: targetUrl, token: TOKEN, job: { rateLimitPerSecond: 40 } });
    const stamp = crypto.randomUUID().slice(0, 6);
    const users = Array.from({ length: N }, (_, i) => ({
      id: crypto.randomUUID(),
      userPrincipalName: `crash${i}.${stamp}@contoso.test`,
      mailNickname: `crash${i}`,
      displayName: `Crash ${i}`,
    }));
    await prisma.directoryUser.createMany({ data: users });
    for (const u of users)
      await prisma.assignment.create({
        data: { applicationId: appId, principalType: "User", principalId: u.id, appRole: "User" },
      });
    const group = await makeGroup(
      `Crash group ${stamp}`,
      users.slice(0, 20).map((u) => u.id),
    );
    await assign(appId, "Group", group.id);

    const first = runCli(["sync", appId]);
    // Wait until some creates reached the target, then kill the cycle without warning.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { totalResults } = await scim("/Users?count=1");
      if (totalResults >= 30) break;
      if (Date.now() > deadline) throw new Error("the cycle did not start creating users");
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill("SIGKILL");
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");
    const partial = (await scim("/Users?count=1")).totalResults;
    expect(partial).toBeLessThan(N);
    let job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.watermark).toBe(0);
    expect(job.fullSyncRequired).toBe(true);

    const second = runCli(["sync", appId]);
    const result = await second.done;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    expect(summary.status).toBe("Succeeded");
    expect(summary.type).toBe("Initial");

    const targetUsers = await listAll("Users");
    const names = targetUsers.map((u) => String(u.userName).toLowerCase());
    expect(names).toHaveLength(N);
    expect(new Set(names).size).toBe(N);
    expect(new Set(names)).toEqual(new Set(users.map((u) => u.userPrincipalName.toLowerCase())));
    const targetGroups = await listAll("Groups");
    expect(targetGroups.filter((g) => g.displayName === `Crash group ${stamp}`)).toHaveLength(1);
    const members = (targetGroups[0].members as { value: string }[] | undefined) ?? [];
    expect(members).toHaveLength(20);

    // Every user is linked once; the killed cycle is marked Interrupted; the watermark moved.
    expect(
      await prisma.connectorObject.count({
        where: { jobId, objectType: "User", state: "Provisioned", targetId: { not: null } },
      }),
    ).toBe(N);
    const cycles = await prisma.cycle.findMany({ where: { jobId }, orderBy: { startedAt: "asc" } });
    expect(cycles.map((c) => c.status)).toEqual(["Interrupted", "Succeeded"]);
    job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.fullSyncRequired).toBe(false);
    expect(job.leaseOwner).toBeNull();
  }, 120_000);

  it("CLI: a dry run prints the plan, and mistakes exit non-zero with a clear message", async () => {
    const { appId } = await makeApp({ url: targetUrl, token: TOKEN });
    const u = await prisma.directoryUser.create({
      data: {
        userPrincipalName: `plan.${crypto.randomUUID().slice(0, 6)}@contoso.test`,
        mailNickname: "plan",
        displayName: "Plan Me",
      },
    });
    await assign(appId, "User", u.id);
    const plan = await runCli(["sync", appId, "--plan"]).done;
    expect(plan.code).toBe(0);
    const summary = JSON.parse(plan.stdout);
    expect(summary.counts.create).toBe(1);
    expect(summary.operations[0].identity).toBe(u.userPrincipalName);
    expect(
      (await scim(`/Users?filter=${encodeURIComponent(`userName eq "${u.userPrincipalName}"`)}`)).totalResults,
    ).toBe(0);

    const unknown = await runCli(["sync", "no-such-app"]).done;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No application "no-such-app"/);
    const bad = await runCli(["frobnicate"]).done;
    expect(bad.code).toBe(2);
  }, 60_000);
});
