import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { startSandboxServer, type SandboxServer } from "../sandbox/start-sandbox-server";
import { assign, makeApp, makeUser } from "../sync/test-support/engine-fixtures";
import { cycleProcessCommand, parseCycleFailure, RESULT_PREFIX, runCycleInChildProcess } from "./cycle-process";
import { idleScheduler, startScheduler, stopScheduler, wakeScheduler } from "./scheduler";

const TOKEN = "cycle-process-token";
let target: SandboxServer;
beforeAll(async () => {
  target = await startSandboxServer({ token: TOKEN });
});
afterAll(async () => {
  await target.close();
});

/** A target that accepts connections and never answers: a cycle against it waits. */
async function silentTarget(): Promise<{ url: string; close(): void }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/scim/v2`,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe("a cycle process's failure line", () => {
  it("keeps a known code, and turns an unknown one into cycle.failed", () => {
    expect(parseCycleFailure({ code: "credentials.missing", message: "Enter the Tenant URL" })).toEqual({
      code: "credentials.missing",
      message: "Enter the Tenant URL",
    });
    expect(parseCycleFailure({ code: "no_such.code", message: "m" })).toEqual({ code: "cycle.failed", message: "m" });
    expect(parseCycleFailure({ message: "no code" })).toEqual({ code: "cycle.failed", message: "no code" });
    expect(parseCycleFailure({ code: "credentials.missing" })).toBeNull();
    expect(parseCycleFailure("text")).toBeNull();
  });
});

describe("cycle process", () => {
  it("runs a cycle in a process of its own, with a capped heap, and returns its summary", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Child", "Process");
    await assign(appId, "User", u.id);
    const { args } = cycleProcessCommand(jobId);
    expect(args[0]).toBe("--max-old-space-size=160");

    // Watch the lease while the cycle runs: it names the process that holds it.
    const owners = new Set<string>();
    const watch = setInterval(() => {
      void prisma.provisioningJob
        .findUnique({ where: { id: jobId }, select: { leaseOwner: true } })
        .then((j) => j?.leaseOwner && owners.add(j.leaseOwner));
    }, 20);
    const summary = await runCycleInChildProcess(jobId).finally(() => clearInterval(watch));

    expect(summary.status).toBe("Succeeded");
    expect(summary.counts.created).toBe(1);
    expect(target.store.findUserByUserName(u.upn)).toBeDefined();
    expect(await prisma.cycle.count({ where: { jobId, status: "Succeeded" } })).toBe(1);
    // Lease owners look like host:pid:random; none is this process.
    expect(owners.size).toBeGreaterThan(0);
    for (const owner of owners) expect(owner.split(":")[1]).not.toBe(String(process.pid));
  });

  it("passes the domain error of a cycle that cannot start, with its code", async () => {
    const { jobId } = await makeApp({ url: target.url, token: TOKEN, job: { tenantUrl: null, secretTokenEnc: null } });
    await expect(runCycleInChildProcess(jobId)).rejects.toMatchObject({
      code: "credentials.missing",
      message: expect.stringMatching(/Tenant URL/),
    });
    await expect(runCycleInChildProcess("no-such-job")).rejects.toMatchObject({ code: "job.not_found" });
  });

  it("stops when its parent goes away (stdin closes) instead of running on unwatched", async () => {
    const silent = await silentTarget();
    try {
      const { appId, jobId } = await makeApp({ url: silent.url, token: TOKEN });
      const u = await makeUser("Never", "Answered");
      await assign(appId, "User", u.id);
      const { command, args } = cycleProcessCommand(jobId);
      const child = spawn(command, args, {
        env: { ...process.env, PROVISIO_CYCLE_PROCESS: "inline" },
        stdio: ["pipe", "ignore", "ignore"],
      });
      // Wait until the cycle is under way (its row exists), then close the child's stdin as a dying parent would.
      for (let i = 0; i < 200 && (await prisma.cycle.count({ where: { jobId } })) === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(await prisma.cycle.count({ where: { jobId, status: "Running" } })).toBe(1);
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.stdin!.end();
      expect(await exited).toBe(3);
    } finally {
      silent.close();
    }
  });

  it("delivers its result line even when the parent is slow to read a full pipe", async () => {
    // A cycle process that printed more than a pipe holds (64 KB), then its result, while the parent
    // was busy: the result must still arrive, and the exit code with it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cycle-exit-"));
    const script = path.join(dir, "child.ts");
    const entry = path.join(process.cwd(), "lib", "jobs", "cycle-process.ts");
    fs.writeFileSync(
      script,
      `import { printAndExit, RESULT_PREFIX } from ${JSON.stringify(entry)};\n` +
        `for (let i = 0; i < 3000; i++) process.stdout.write("log " + i + " " + "x".repeat(100) + "\\n");\n` +
        `printAndExit(0, RESULT_PREFIX + JSON.stringify({ status: "Succeeded" }), "done");\n`,
    );
    try {
      const child = spawn(process.execPath, ["--import", "tsx", script], {
        cwd: process.cwd(),
        stdio: ["pipe", "pipe", "pipe"],
      });
      const closed = new Promise<number | null>((r) => child.once("close", (code) => r(code)));
      const stderr: string[] = [];
      child.stderr.on("data", (d: Buffer) => stderr.push(d.toString()));
      // Read nothing for a while: the pipe fills up and the child's last writes wait in the child.
      await new Promise((r) => setTimeout(r, 1500));
      const lines: string[] = [];
      readline.createInterface({ input: child.stdout }).on("line", (l) => lines.push(l));
      expect(await closed).toBe(0);
      expect(lines.length).toBe(3001);
      expect(lines.at(-1)).toBe(`${RESULT_PREFIX}{"status":"Succeeded"}`);
      expect(stderr.join("")).toContain("done");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a cycle process that dies is a failed cycle: reason kept, failure counted, lease released, retried after the interval", async () => {
    const silent = await silentTarget();
    try {
      const { appId, jobId } = await makeApp({
        url: silent.url,
        token: TOKEN,
        job: { nextRunAt: new Date(Date.now() - 1000), cycleIntervalMinutes: 30 },
      });
      const u = await makeUser("Killed", "Midway");
      await assign(appId, "User", u.id);
      startScheduler({ tickMs: 60_000 });
      wakeScheduler();
      // The cycle runs in a child process, which holds the lease as host:pid:random (the scheduler takes it
      // first and hands it over, run-scheduled-cycle.ts).
      let owner: string | null = null;
      const ownedByChild = (o: string | null) => o !== null && Number(o.split(":")[1]) !== process.pid;
      for (let i = 0; i < 300 && !ownedByChild(owner); i++) {
        owner = (await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).leaseOwner;
        if (!ownedByChild(owner)) await new Promise((r) => setTimeout(r, 50));
      }
      expect(owner).toBeTruthy();
      for (let i = 0; i < 300 && (await prisma.cycle.count({ where: { jobId, status: "Running" } })) === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      const pid = Number(owner!.split(":")[1]);
      expect(pid).not.toBe(process.pid);
      process.kill(pid, "SIGKILL");
      await idleScheduler();

      const cycle = await prisma.cycle.findFirstOrThrow({ where: { jobId }, orderBy: { startedAt: "desc" } });
      expect(cycle.status).toBe("Failed");
      expect(cycle.error).toMatch(/The cycle process was stopped \(SIGKILL\).*The next cycle redoes its work\./);
      const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
      expect(job.consecutiveFailures).toBe(1);
      expect(job.leaseOwner).toBeNull();
      const inMinutes = (job.nextRunAt!.getTime() - Date.now()) / 60_000;
      expect(inMinutes).toBeGreaterThan(29);
      expect(inMinutes).toBeLessThanOrEqual(30);
    } finally {
      stopScheduler();
      silent.close();
    }
  });
});
