/**
 * LDAP source benchmark (issue 15): a full read of a local slapd's users and groups into a fresh SQLite
 * directory, then a delta read of changed entries.
 *
 *   npm run bench:ldap                               # 100,000 users, 1,000 groups, 100 changed entries
 *   npm run bench:ldap -- --users 10000 --groups 100  # a shorter run
 *
 * The slapd is scripts/start-test-slapd.ts's, loaded with slapadd (OpenLDAP preset: inetOrgPerson users in
 * 10 OUs, groupOfNames groups of 100 members each). The sync runs in this process, as in the server, binding
 * with StartTLS as a non-root account (so slapd's 1,000-entry limit applies and paging is needed, page size
 * 500). Peak RSS is this process's (slapd is counted apart). Missed goals are reported; exits 1 when the run
 * fails.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import type { Client } from "ldapts";
import { migrateDatabase } from "./migrate-database";

type Args = { users: number; groups: number; changes: number; latencyChanges: number };

function parseArgs(argv: string[]): Args {
  const a: Args = { users: 100_000, groups: 1_000, changes: 100, latencyChanges: 50 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => Number(inline ?? argv[++i]);
    if (flag === "--users") a.users = value();
    else if (flag === "--groups") a.groups = value();
    else if (flag === "--changes") a.changes = value();
    else if (flag === "--latency-changes") a.latencyChanges = value();
    else throw new Error(`Unknown option ${argv[i]} (use --users, --groups, --changes, --latency-changes)`);
  }
  return a;
}

const GOALS = { fullSeconds: 60, fullRssMb: 300, deltaSeconds: 2, latencyP95Seconds: 15 };
const TARGET_TOKEN = "bench-ldap-target-token";
const ROOT = path.resolve(__dirname, "..");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** bench/target-process.ts (the sandbox SCIM target, in-memory) in a process of its own; resolves with its URL. */
function startTarget(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench/target-process.ts"), "--port", "0", "--token", TARGET_TOKEN],
    { cwd: ROOT, stdio: "pipe" },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const stop = () => {
    child.stdin.end();
    child.kill("SIGTERM");
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The target did not start: ${stderr}`)), 60_000);
    readline.createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      resolve({ url: String((JSON.parse(line) as { url: string }).url), stop });
    });
    child.once("exit", (code) => reject(new Error(`The target exited (${code}): ${stderr}`)));
  });
}

/** A user's title at the target (undefined while the target does not have the user). */
async function targetTitle(targetUrl: string, userName: string): Promise<string | undefined> {
  const res = await fetch(`${targetUrl}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, {
    headers: { Authorization: `Bearer ${TARGET_TOKEN}` },
  });
  if (!res.ok) throw new Error(`The target answered ${res.status}`);
  const body = (await res.json()) as { Resources?: { title?: string }[] };
  return body.Resources?.[0]?.title;
}

function writeLdif(file: string, base: string, args: Args): void {
  const out = fs.openSync(file, "w");
  const units = 10;
  const userDn = (i: number) => `uid=u${i},ou=unit${i % units},ou=bench,${base}`;
  const w = (s: string) => fs.writeSync(out, s);
  w(`dn: ou=bench,${base}\nobjectClass: organizationalUnit\nou: bench\n\n`);
  for (let u = 0; u < units; u++)
    w(`dn: ou=unit${u},ou=bench,${base}\nobjectClass: organizationalUnit\nou: unit${u}\n\n`);
  w(`dn: ou=groups,ou=bench,${base}\nobjectClass: organizationalUnit\nou: groups\n\n`);
  for (let i = 0; i < args.users; i++) {
    w(
      `dn: ${userDn(i)}\nobjectClass: inetOrgPerson\nuid: u${i}\ncn: User ${i}\nsn: Number${i}\ngivenName: User\n` +
        `displayName: User ${i}\nmail: u${i}@bench.example.com\ntitle: Title ${i % 50}\nou: unit${i % units}\n` +
        `employeeNumber: ${100000 + i}\n\n`,
    );
  }
  const perGroup = Math.min(100, args.users);
  for (let g = 0; g < args.groups; g++) {
    const members = Array.from({ length: perGroup }, (_, k) => `member: ${userDn((g * 37 + k * 101) % args.users)}`);
    w(
      `dn: cn=group${g},ou=groups,ou=bench,${base}\nobjectClass: groupOfNames\ncn: group${g}\n${[...new Set(members)].join("\n")}\n\n`,
    );
  }
  fs.closeSync(out);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-ldap-bench-"));
  process.env.PROVISIO_DATA_DIR = dir;
  process.env.DATABASE_URL = `file:${path.join(dir, "provisio.db")}`;
  process.env.PROVISIO_DEMO = "false";
  process.env.PROVISIO_SECRET_KEY ??= crypto.randomBytes(32).toString("base64");
  await migrateDatabase(process.env.DATABASE_URL);
  const { startTestSlapd, TEST_LDAP_SUFFIX } = await import("../scripts/start-test-slapd");
  const ldif = path.join(dir, "bench.ldif");
  console.log(`Generating ${args.users.toLocaleString("en-US")} users and ${args.groups} groups…`);
  writeLdif(ldif, TEST_LDAP_SUFFIX, args);
  const t0 = Date.now();
  const slapd = await startTestSlapd({ ldifFile: ldif });
  console.log(`slapd loaded and started in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  try {
    const { createLdapSource } = await import("../lib/sources/ldap/create-ldap-source");
    const { saveLdapSettings } = await import("../lib/sources/ldap/save-ldap-settings");
    const { defaultLdapSettings } = await import("../lib/sources/ldap/ldap-settings");
    const { runLdapSync } = await import("../lib/sources/ldap/run-ldap-sync");
    const { Client, Change, Attribute } = await import("ldapts");
    const { id } = await createLdapSource({ name: "Bench", preset: "OpenLdap" }, "bench");
    const settings = {
      ...defaultLdapSettings("OpenLdap"),
      url: slapd.url,
      caCert: slapd.caCert,
      bindDn: slapd.readerDn,
      baseDn: `ou=bench,${slapd.suffix}`,
    };
    await saveLdapSettings({ sourceId: id, settings, bindPassword: slapd.readerPassword }, "bench");

    const start = Date.now();
    const full = await runLdapSync(id, { mode: "Full" });
    const fullSeconds = (Date.now() - start) / 1000;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    if (full.status === "Failed") throw new Error(`The full read failed: ${full.message}`);

    // slapadd gave every entry the same modifyTimestamp, the watermark's second, which a delta reads again
    // (timestamps have one-second resolution): one settling delta moves the watermark past it, as any later
    // change in a live directory would.
    const admin = new Client({ url: slapd.url });
    await admin.bind(slapd.rootDn, slapd.rootPassword);
    await new Promise((r) => setTimeout(r, 1100));
    await admin.modify(`uid=u0,ou=unit0,ou=bench,${slapd.suffix}`, [
      new Change({ operation: "replace", modification: new Attribute({ type: "title", values: ["Settle"] }) }),
    ]);
    const settle = await runLdapSync(id, { mode: "Delta" });
    console.log(`settling delta: ${JSON.stringify(settle.counts)}`);
    await new Promise((r) => setTimeout(r, 1100));
    for (let i = 0; i < args.changes; i++) {
      const n = (i * 7919) % args.users;
      await admin.modify(`uid=u${n},ou=unit${n % 10},ou=bench,${slapd.suffix}`, [
        new Change({ operation: "replace", modification: new Attribute({ type: "title", values: [`Changed ${i}`] }) }),
      ]);
    }
    const deltaStart = Date.now();
    const delta = await runLdapSync(id, { mode: "Delta" });
    const deltaSeconds = (Date.now() - deltaStart) / 1000;
    if (delta.status === "Failed") throw new Error(`The delta read failed: ${delta.message}`);

    const latency = args.latencyChanges > 0 ? await measureLatency(id, admin, slapd.suffix, args) : null;
    await admin.unbind();

    const row = (name: string, value: string, goal: string, ok: boolean) =>
      console.log(`${name.padEnd(44)} ${value.padStart(12)}   goal ${goal.padEnd(10)} ${ok ? "met" : "MISSED"}`);
    console.log(`\nfull read: ${JSON.stringify(full.counts)}\ndelta read: ${JSON.stringify(delta.counts)}\n`);
    row(
      `full read, ${args.users} users + ${args.groups} groups`,
      `${fullSeconds.toFixed(1)} s`,
      `≤ ${GOALS.fullSeconds} s`,
      fullSeconds <= GOALS.fullSeconds,
    );
    row("peak RSS during the full read", `${rssMb.toFixed(0)} MB`, `≤ ${GOALS.fullRssMb} MB`, rssMb <= GOALS.fullRssMb);
    row(
      `delta read, ${args.changes} changed entries`,
      `${deltaSeconds.toFixed(2)} s`,
      `≤ ${GOALS.deltaSeconds} s`,
      deltaSeconds <= GOALS.deltaSeconds,
    );
    if (latency) {
      row(
        `LDAP change → target, p50 (${latency.length} changes)`,
        `${percentile(latency, 0.5).toFixed(1)} s`,
        "—",
        true,
      );
      const p95 = percentile(latency, 0.95);
      row(
        `LDAP change → target, p95 (max ${latency[latency.length - 1].toFixed(1)} s)`,
        `${p95.toFixed(1)} s`,
        `≤ ${GOALS.latencyP95Seconds} s`,
        p95 <= GOALS.latencyP95Seconds,
      );
    }
  } finally {
    slapd.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * LDAP change → write at an application's target. An application (SCIM 2.0 template, its defaults) has one
 * group of the benchmark's directory assigned (up to 100 users); after its initial cycle, its next scheduled
 * cycle is an hour away, so only the LDAP sync's delta and the directory change's wake-up can bring a change
 * there. The LDAP sync scheduler (delta every 10 s) and the job scheduler run in this process, as in the
 * server; cycles run in child processes, as in the app. Each change is an ldapts modify of one member's
 * title, made 1 to 3 s (random) after the previous one, so the changes fall at every point of the delta
 * interval; each one's clock runs from just before the modify until the target shows the new title (polled
 * every 100 ms). Returns the latencies in seconds, sorted.
 */
async function measureLatency(sourceId: string, admin: Client, suffix: string, args: Args): Promise<number[]> {
  const { Change, Attribute } = await import("ldapts");
  const { prisma } = await import("../lib/db/prisma");
  const { createApplication } = await import("../lib/applications/create-application");
  const { assignPrincipal } = await import("../lib/applications/assign-principal");
  const { bindSecretToken } = await import("../lib/applications/provisioning/bind-secret-token");
  const { startScheduler, stopScheduler, idleScheduler } = await import("../lib/jobs/scheduler");
  const sync = await import("../lib/sources/ldap/ldap-sync-scheduler");

  const target = await startTarget();
  try {
    const config = await prisma.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId } });
    const settings = { ...(JSON.parse(config.settings) as Record<string, unknown>), intervalSeconds: 10 };
    await prisma.ldapSourceConfig.update({
      where: { sourceId },
      data: { settings: JSON.stringify(settings), nextSyncAt: new Date(Date.now() + 10_000) },
    });
    const group = await prisma.directoryGroup.findFirstOrThrow({
      where: { sourceId, displayName: "group0" },
      include: { members: { include: { user: true } } },
    });
    const members = group.members.map((m) => m.user);
    const app = await createApplication({ templateId: "scim-2", name: "LDAP latency app" }, "bench");
    const job = await prisma.provisioningJob.update({
      where: { applicationId: app.id },
      data: {
        mode: "Automatic",
        tenantUrl: target.url,
        ...bindSecretToken(TARGET_TOKEN, target.url),
        status: "NotRun",
        enabled: true,
        scope: "AssignedOnly",
        nextRunAt: new Date(),
      },
    });
    await assignPrincipal(
      { applicationId: app.id, principalType: "Group", principalId: group.id, appRole: "User" },
      "bench",
    );
    startScheduler({ tickMs: 1000 });
    sync.startLdapSyncScheduler();
    const waitFor = async (what: string, ok: () => Promise<boolean>, seconds: number) => {
      const deadline = Date.now() + seconds * 1000;
      while (!(await ok())) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const last = members[members.length - 1];
    await waitFor(
      "the initial cycle",
      async () => (await targetTitle(target.url, last.userPrincipalName)) !== undefined,
      120,
    );
    await waitFor(
      "the initial cycle to end",
      async () => {
        const j = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: job.id } });
        return j.leaseOwner === null && j.lastCycleEndedAt !== null;
      },
      120,
    );
    await prisma.provisioningJob.update({
      where: { id: job.id },
      data: { nextRunAt: new Date(Date.now() + 3_600_000) },
    });
    console.log(`Latency: ${args.latencyChanges} title changes to ${members.length} assigned users, delta every 10 s…`);

    const latencies: number[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < args.latencyChanges; i++) {
      const user = members[i % members.length];
      const uid = user.mailNickname;
      const n = Number(uid.slice(1));
      const title = `Latency ${i}`;
      const t0 = performance.now();
      await admin.modify(`uid=${uid},ou=unit${n % 10},ou=bench,${suffix}`, [
        new Change({ operation: "replace", modification: new Attribute({ type: "title", values: [title] }) }),
      ]);
      pending.push(
        (async () => {
          const deadline = Date.now() + 120_000;
          while ((await targetTitle(target.url, user.userPrincipalName)) !== title) {
            if (Date.now() > deadline) throw new Error(`Change ${i} did not reach the target within 120 s`);
            await new Promise((r) => setTimeout(r, 100));
          }
          latencies.push((performance.now() - t0) / 1000);
        })(),
      );
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2000));
    }
    await Promise.all(pending);
    sync.stopLdapSyncScheduler();
    stopScheduler();
    await sync.idleLdapSync();
    await idleScheduler();
    return latencies.sort((a, b) => a - b);
  } finally {
    sync.stopLdapSyncScheduler();
    target.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
