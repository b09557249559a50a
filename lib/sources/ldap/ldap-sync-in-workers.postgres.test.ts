import fs from "node:fs";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { databaseKind } from "../../db/database-kind";
import { prisma } from "../../db/prisma";
import {
  processEnded,
  startWorker,
  waitFor,
  waitForWorkerReady,
  type QueueProcess,
} from "../../jobs/queue/test-support/queue-processes";
import { addLdapSource, seedLdapBranch, testLdap, type LdapBranch } from "./test-support/ldap-fixture";

/**
 * Workers (PROVISIO_WORKERS=queue) read the LDAP sources, as web servers do, so LDAP changes keep flowing
 * while every web server is down; a worker told to stop stops its syncs and frees their sources. Real
 * worker processes on the test's PostgreSQL database, the real slapd. Collected on PostgreSQL runs only.
 */
let branch: LdapBranch;
let workers: QueueProcess[] = [];
beforeAll(async () => {
  expect(databaseKind()).toBe("postgres");
  branch = await seedLdapBranch(testLdap(), "workers");
});
afterAll(async () => {
  await branch?.close();
});
afterEach(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
});

const runsOf = (sourceId: string) => prisma.ldapSyncRun.findMany({ where: { sourceId }, orderBy: { id: "asc" } });

describe("LDAP syncs in workers", () => {
  it("a worker with no web server reads a due source, in a sync process of its own", async () => {
    const { id } = await addLdapSource(testLdap(), {
      name: "Worker source",
      preset: "OpenLdap",
      baseDn: branch.openLdapBase,
    });
    const worker = startWorker({ PROVISIO_CYCLE_PROCESS: "child" });
    workers.push(worker);
    await waitForWorkerReady(worker);
    await waitFor("the worker's sync", async () => (await runsOf(id)).some((r) => r.status !== "Running"));
    const [run, ...more] = await runsOf(id);
    expect(more).toEqual([]);
    expect(run).toMatchObject({ status: "Succeeded", mode: "Full", read: 6, created: 6 });
    const users = await prisma.directoryUser.findMany({ where: { sourceId: id } });
    expect(users.map((u) => u.mailNickname).sort()).toEqual(["alice", "bob", "carol", "dave"]);
  }, 90_000);

  it.each(["child", "inline"] as const)(
    "a worker told to stop mid-sync fails the sync and frees its source at once (sync %s)",
    async (mode) => {
      // A server that accepts the connection and never answers: the sync waits in its bind.
      const sockets: net.Socket[] = [];
      const silent = net.createServer((s) => sockets.push(s));
      await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
      const url = `ldap://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      try {
        const { id } = await addLdapSource(testLdap(), {
          name: `Hung source ${mode}`,
          preset: "OpenLdap",
          baseDn: branch.openLdapBase,
          overrides: { url, startTls: false, operationTimeoutSeconds: 600 },
        });
        const worker = startWorker({ PROVISIO_CYCLE_PROCESS: mode, PROVISIO_WORKER_STOP_SECONDS: "1" });
        workers.push(worker);
        await waitForWorkerReady(worker);
        await waitFor("the sync to reach the server", async () => sockets.length > 0);
        expect((await runsOf(id)).map((r) => r.status)).toEqual(["Running"]);
        const children = mode === "child" ? childPids(worker.child.pid!) : [];
        expect(children.length).toBe(mode === "child" ? 1 : 0);

        worker.child.kill("SIGTERM");
        expect(await worker.exited).toEqual({ code: 0, signal: null });
        const [run] = await runsOf(id);
        expect(run!.status).toBe("Failed");
        expect(run!.message).toMatch(/stopping/);
        const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId: id } });
        // Free at once (not held until the lease runs out), and due again after the interval.
        expect(config.leaseUntil).toBeNull();
        expect(config.nextSyncAt!.getTime()).toBeGreaterThan(Date.now());
        // No sync process outlives its worker.
        for (const pid of children) await waitFor(`sync process ${pid} to end`, async () => processEnded(pid), 10_000);
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise((r) => silent.close(r));
      }
    },
    90_000,
  );
});

/** The pids of a process's children (Linux /proc). */
function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    const list = fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (list) out.push(...list.split(/\s+/).map(Number));
  }
  return out;
}
