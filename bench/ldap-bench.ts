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
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase } from "./migrate-database";

type Args = { users: number; groups: number; changes: number };

function parseArgs(argv: string[]): Args {
  const a: Args = { users: 100_000, groups: 1_000, changes: 100 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => Number(inline ?? argv[++i]);
    if (flag === "--users") a.users = value();
    else if (flag === "--groups") a.groups = value();
    else if (flag === "--changes") a.changes = value();
    else throw new Error(`Unknown option ${argv[i]} (use --users, --groups, --changes)`);
  }
  return a;
}

const GOALS = { fullSeconds: 60, fullRssMb: 300, deltaSeconds: 2 };

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
    await admin.unbind();
    const deltaStart = Date.now();
    const delta = await runLdapSync(id, { mode: "Delta" });
    const deltaSeconds = (Date.now() - deltaStart) / 1000;
    if (delta.status === "Failed") throw new Error(`The delta read failed: ${delta.message}`);

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
  } finally {
    slapd.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
