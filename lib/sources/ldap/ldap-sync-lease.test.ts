import net from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databaseNow } from "../../db/database-clock";
import { prisma } from "../../db/prisma";
import { dueLdapSources } from "./ldap-sync-scheduler";
import { runLdapSync } from "./run-ldap-sync";
import { addLdapSource, seedLdapBranch, testLdap, type LdapBranch } from "./test-support/ldap-fixture";

// A sync run's hold on its source (ldap-sync-lease.ts), against the real slapd behind a TCP relay the test
// can freeze: a directory that stops answering mid-read, as a hung server or a stalled network does.

/** Relays TCP to slapd; `freeze()` stops passing slapd's answers on until `thaw()`. */
async function startRelay(target: string) {
  const { hostname, port } = new URL(target);
  const upstreams: net.Socket[] = [];
  const sockets: net.Socket[] = [];
  let frozen = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    upstreams.push(upstream);
    sockets.push(client, upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    if (frozen) upstream.pause(); // after pipe(), which would resume it
    const end = () => (client.destroy(), upstream.destroy());
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `ldap://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    freeze: () => ((frozen = true), upstreams.forEach((u) => u.pause())),
    thaw: () => ((frozen = false), upstreams.forEach((u) => u.resume())),
    connections: () => upstreams.length,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

// A branch of its own per test: two sources over the same entries would claim the same user names.
let branch: LdapBranch;
let branches = 0;
let relay: Awaited<ReturnType<typeof startRelay>>;
beforeAll(async () => {
  relay = await startRelay(testLdap().url);
});
beforeEach(async () => {
  branch = await seedLdapBranch(testLdap(), `lease${++branches}`);
});
afterEach(async () => {
  relay.thaw();
  await branch?.close();
});
afterAll(async () => {
  await relay?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const configOf = (sourceId: string) => prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId } });

async function relayedSource(name: string) {
  return addLdapSource(testLdap(), {
    name,
    preset: "OpenLdap",
    baseDn: branch.openLdapBase,
    overrides: { url: relay.url, operationTimeoutSeconds: 120 },
  });
}

describe("an LDAP sync's hold on its source", () => {
  it("is renewed while a read waits on a server that stopped answering, so no one else starts", async () => {
    const { id } = await relayedSource("Renewed lease source");
    let runId = 0;
    const timing = { leaseMs: 4_000, renewMs: 250 };
    const started = Date.now();
    const run = runLdapSync(id, {
      mode: "Full",
      lease: timing,
      onStarted: (r) => {
        runId = r;
        relay.freeze();
      },
    });
    // Twice the lease's length: without renewal it would have run out, and the source would be due again.
    await sleep(8_000);
    const held = await configOf(id);
    expect(held.leaseRunId).toBe(runId);
    expect(held.leaseUntil!.getTime()).toBeGreaterThan(started + 7_000);
    await prisma.ldapSourceConfig.update({ where: { sourceId: id }, data: { nextSyncAt: new Date(0) } });
    expect(await dueLdapSources(await databaseNow())).not.toContain(id);
    await expect(runLdapSync(id, { mode: "Full" })).rejects.toMatchObject({ code: "ldap.sync_running" });

    relay.thaw();
    expect(await run).toMatchObject({ runId, status: "Succeeded", counts: { read: 6, created: 6 } });
    expect(await configOf(id)).toMatchObject({ leaseUntil: null, leaseRunId: null });
  }, 60_000);

  it("stops a stalled read once another run holds the source, and changes nothing of that run's", async () => {
    const { id } = await relayedSource("Lost lease source");
    const first = await runLdapSync(id, { mode: "Full" });
    expect(first.status).toBe("Succeeded");
    const before = await configOf(id);

    // This process froze long enough for its hold to run out, and a run elsewhere took the source over.
    let runId = 0;
    const connections = relay.connections();
    const run = runLdapSync(id, {
      mode: "Full",
      lease: { leaseMs: 60_000, renewMs: 250 },
      onStarted: (r) => {
        runId = r;
        relay.freeze();
      },
    });
    await waitFor(async () => runId > 0 && relay.connections() > connections);
    const theirs = await prisma.ldapSyncRun.create({
      data: { sourceId: id, mode: "Full", status: "Running", startedAt: new Date() },
    });
    const theirUntil = new Date(Date.now() + 300_000);
    await prisma.ldapSourceConfig.update({
      where: { sourceId: id },
      data: { leaseRunId: theirs.id, leaseUntil: theirUntil },
    });

    // It ends at its next renewal, though the server still has not answered (its timeout is two minutes).
    const t0 = Date.now();
    const summary = await run;
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(summary).toMatchObject({ runId, status: "Failed" });
    expect(summary.message).toMatch(/lost its hold on the source/);
    const after = await configOf(id);
    expect(after).toMatchObject({
      leaseRunId: theirs.id,
      leaseUntil: theirUntil,
      deltaWatermark: before.deltaWatermark,
      lastFullSyncAt: before.lastFullSyncAt,
      nextSyncAt: before.nextSyncAt,
    });
    expect((await prisma.ldapSyncRun.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("Running");
    expect((await prisma.ldapSyncRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("Failed");
  }, 60_000);

  it("deletes nothing when it finds, after its read, that another run holds the source", async () => {
    const { id } = await relayedSource("Reconcile lease source");
    const erinDn = await branch.addOpenLdapUser("Sales", "erin");
    expect((await runLdapSync(id, { mode: "Full" })).status).toBe("Succeeded");
    await branch.admin.del(erinDn);
    const before = await configOf(id);

    // Taken over as soon as it started (the directory answers once that is done); it renews only every
    // minute, so it reads everything first. A run that held the source would soft-delete Erin here; the
    // one that took it over decides that instead.
    let theirsId = 0;
    const summary = await runLdapSync(id, {
      mode: "Full",
      onStarted: () => {
        relay.freeze();
        void (async () => {
          const theirs = await prisma.ldapSyncRun.create({
            data: { sourceId: id, mode: "Full", status: "Running", startedAt: new Date() },
          });
          await prisma.ldapSourceConfig.update({ where: { sourceId: id }, data: { leaseRunId: theirs.id } });
          theirsId = theirs.id;
          relay.thaw();
        })();
      },
    });
    expect(theirsId).toBeGreaterThan(0);
    expect(summary.status).toBe("Failed");
    expect(summary.message).toMatch(/lost its hold on the source/);
    const erin = await prisma.directoryUser.findFirstOrThrow({ where: { sourceId: id, mailNickname: "erin" } });
    expect(erin.deletedAt).toBeNull();
    expect(await configOf(id)).toMatchObject({
      leaseRunId: theirsId,
      deltaWatermark: before.deltaWatermark,
      lastFullSyncAt: before.lastFullSyncAt,
    });

    // The run that holds the source now does delete her.
    await prisma.ldapSourceConfig.update({ where: { sourceId: id }, data: { leaseRunId: null, leaseUntil: null } });
    await prisma.ldapSyncRun.update({ where: { id: theirsId }, data: { status: "Failed", endedAt: new Date() } });
    expect((await runLdapSync(id, { mode: "Full" })).counts.deleted).toBeGreaterThan(0);
    const gone = await prisma.directoryUser.findFirstOrThrow({ where: { sourceId: id, mailNickname: "erin" } });
    expect(gone.deletedAt).not.toBeNull();
  }, 60_000);
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await sleep(50);
  }
}
