/**
 * A throwaway OpenLDAP server for the LDAP source's tests, the browser tests and the benchmark: its own slapd
 * on free loopback ports (ldap:// with StartTLS, and ldaps://), a generated slapd.conf, a TLS certificate from
 * a CA generated with openssl, data in a temporary folder, and an AD-like schema (objectGUID, sAMAccountName,
 * userAccountControl, uSNChanged, memberOf, …) beside core, cosine, inetorgperson and nis, so the Active
 * Directory presets run against real entries. Installs Debian's slapd first when it is missing (as root).
 *
 * As a command (`tsx scripts/start-test-slapd.ts`) it prints the connection as one JSON line and runs until
 * SIGTERM or SIGINT; with `--ldif <file>` it loads that file first (slapadd). Nothing here depends on a
 * server already running.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const TEST_LDAP_SUFFIX = "dc=provisio,dc=test";
export const TEST_LDAP_ROOT_DN = `cn=admin,${TEST_LDAP_SUFFIX}`;
/** The account the sources bind as: not the rootdn, so slapd's size limits apply (and paging is needed). */
export const TEST_LDAP_READER_DN = `cn=provisio-reader,ou=Service,${TEST_LDAP_SUFFIX}`;
/** A reader whose searches without paging stop at 60 entries, so a test can prove paging with few entries. */
const TEST_LDAP_LIMITED_READER_DN = `cn=provisio-limited-reader,ou=Service,${TEST_LDAP_SUFFIX}`;
/** The limited reader's size limit: a search without the paged results control stops there. */
export const TEST_LDAP_LIMITED_SIZE = 60;

export type TestSlapd = {
  /** ldap://127.0.0.1:<port> (StartTLS available) */
  url: string;
  /** ldaps://127.0.0.1:<port> */
  ldapsUrl: string;
  /** PEM of the CA that signed the server's certificate. */
  caCert: string;
  suffix: string;
  rootDn: string;
  rootPassword: string;
  readerDn: string;
  readerPassword: string;
  /** Same password as the reader; size limit TEST_LDAP_LIMITED_SIZE. */
  limitedReaderDn: string;
  dir: string;
  stop: () => void;
};

/** AD's attribute names and OIDs, with matching rules slapd needs for the filters the sync sends. */
const AD_SCHEMA = `
attributetype ( 1.2.840.113556.1.4.2 NAME 'objectGUID' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.120 NAME 'uSNChanged' EQUALITY integerMatch ORDERING integerOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.102 NAME 'memberOf' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
attributetype ( 1.2.840.113556.1.4.782 NAME 'objectCategory' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.35 NAME 'employeeID' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.141 NAME 'department' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.2.840.113556.1.5.9 NAME 'user' SUP inetOrgPerson STRUCTURAL
  MAY ( objectGUID $ sAMAccountName $ userPrincipalName $ userAccountControl $ uSNChanged $ memberOf $ objectCategory $ employeeID $ department ) )
objectclass ( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL MUST cn
  MAY ( member $ objectGUID $ sAMAccountName $ uSNChanged $ description $ objectCategory $ displayName $ memberOf ) )
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** As scripts/install-slapd.sh (which the test command runs first): Debian's packages, as root, when missing. */
function ensureSlapdInstalled(): void {
  if (fs.existsSync("/usr/sbin/slapd")) return;
  if (process.getuid?.() !== 0) throw new Error("slapd is missing: run 'apt-get install -y slapd ldap-utils' as root");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => spawnSync("apt-get", ["install", "-y", "-q", "slapd", "ldap-utils"], { env, stdio: "ignore" });
  if (install().status !== 0) {
    spawnSync("apt-get", ["update", "-q"], { env, stdio: "ignore" });
    if (install().status !== 0) throw new Error("apt-get could not install slapd and ldap-utils");
  }
}

function run(cmd: string, args: string[], opts: { input?: string } = {}): string {
  return execFileSync(cmd, args, { input: opts.input, stdio: ["pipe", "pipe", "pipe"] }).toString("utf8");
}

/** A CA and a server certificate for 127.0.0.1 and localhost, valid for a day. */
function makeCertificates(dir: string): void {
  const p = (f: string) => path.join(dir, f);
  run(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Provisio test CA"].concat([
      "-keyout",
      p("ca.key"),
      "-out",
      p("ca.crt"),
    ]),
  );
  run(
    "openssl",
    ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", p("server.key")].concat([
      "-out",
      p("server.csr"),
    ]),
  );
  fs.writeFileSync(p("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  run(
    "openssl",
    ["x509", "-req", "-in", p("server.csr"), "-CA", p("ca.crt"), "-CAkey", p("ca.key")].concat([
      "-CAcreateserial",
      "-days",
      "1",
      "-extfile",
      p("ext.cnf"),
      "-out",
      p("server.crt"),
    ]),
  );
}

function slapdConf(dir: string, rootHash: string): string {
  const schema = (n: string) => `include /etc/ldap/schema/${n}.schema`;
  return [
    ...["core", "cosine", "inetorgperson", "nis"].map(schema),
    `include ${path.join(dir, "ad-like.schema")}`,
    `pidfile ${path.join(dir, "slapd.pid")}`,
    `argsfile ${path.join(dir, "slapd.args")}`,
    "modulepath /usr/lib/ldap",
    "moduleload back_mdb",
    `TLSCACertificateFile ${path.join(dir, "ca.crt")}`,
    `TLSCertificateFile ${path.join(dir, "server.crt")}`,
    `TLSCertificateKeyFile ${path.join(dir, "server.key")}`,
    "database mdb",
    "maxsize 2147483648",
    `suffix "${TEST_LDAP_SUFFIX}"`,
    `rootdn "${TEST_LDAP_ROOT_DN}"`,
    `rootpw ${rootHash}`,
    `directory ${path.join(dir, "db")}`,
    // First match wins: the limited reader stops at 60 entries without paging, everyone else at 1,000.
    `limits dn.exact="${TEST_LDAP_LIMITED_READER_DN}" size.soft=${TEST_LDAP_LIMITED_SIZE} size.hard=${TEST_LDAP_LIMITED_SIZE} size.prtotal=unlimited`,
    // As Active Directory's MaxPageSize: a search without the paged results control stops at 1,000 entries.
    "limits * size.soft=1000 size.hard=1000 size.prtotal=unlimited",
    "index objectClass eq",
    "index entryUUID eq",
    "index uid eq",
    "index member eq",
    "index uSNChanged eq",
    "access to attrs=userPassword by self write by anonymous auth by * none",
    "access to * by * read",
    "",
  ].join("\n");
}

const baseLdif = (readerHash: string) => `dn: ${TEST_LDAP_SUFFIX}
objectClass: dcObject
objectClass: organization
dc: provisio
o: Provisio test directory

dn: ou=Service,${TEST_LDAP_SUFFIX}
objectClass: organizationalUnit
ou: Service

dn: ${TEST_LDAP_READER_DN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: provisio-reader
userPassword: ${readerHash}

dn: ${TEST_LDAP_LIMITED_READER_DN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: provisio-limited-reader
userPassword: ${readerHash}
`;

async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`slapd did not listen on port ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a fresh slapd; `ldif` (entries under TEST_LDAP_SUFFIX) is loaded with slapadd before it starts. */
export async function startTestSlapd(opts: { ldif?: string; ldifFile?: string } = {}): Promise<TestSlapd> {
  ensureSlapdInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-slapd-"));
  fs.mkdirSync(path.join(dir, "db"));
  fs.writeFileSync(path.join(dir, "ad-like.schema"), AD_SCHEMA);
  makeCertificates(dir);
  const rootPassword = `root-${Math.random().toString(36).slice(2)}`;
  const readerPassword = `reader-${Math.random().toString(36).slice(2)}`;
  const hash = (s: string) => run("slappasswd", ["-s", s]).trim();
  const conf = path.join(dir, "slapd.conf");
  fs.writeFileSync(conf, slapdConf(dir, hash(rootPassword)));
  const seed = path.join(dir, "base.ldif");
  fs.writeFileSync(seed, baseLdif(hash(readerPassword)) + (opts.ldif ? `\n${opts.ldif}` : ""));
  run("slapadd", ["-q", "-f", conf, "-l", seed]);
  if (opts.ldifFile) run("slapadd", ["-q", "-f", conf, "-l", opts.ldifFile]);
  const [port, ldapsPort] = [await freePort(), await freePort()];
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  run("slapd", ["-f", conf, "-h", `${url}/ ${ldapsUrl}/`]);
  await waitForPort(port, 15_000);
  await waitForPort(ldapsPort, 15_000);
  const stop = () => {
    try {
      const pid = Number(fs.readFileSync(path.join(dir, "slapd.pid"), "utf8").trim());
      if (pid > 0) process.kill(pid, "SIGTERM");
    } catch {
      // Already stopped.
    }
    // slapd removes its pid file on the way out; give it a moment before the folder goes.
    const until = Date.now() + 5_000;
    while (fs.existsSync(path.join(dir, "slapd.pid")) && Date.now() < until) spawnSync("sleep", ["0.05"]);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return {
    url,
    ldapsUrl,
    caCert: fs.readFileSync(path.join(dir, "ca.crt"), "utf8"),
    suffix: TEST_LDAP_SUFFIX,
    rootDn: TEST_LDAP_ROOT_DN,
    rootPassword,
    readerDn: TEST_LDAP_READER_DN,
    readerPassword,
    limitedReaderDn: TEST_LDAP_LIMITED_READER_DN,
    dir,
    stop,
  };
}

if (process.argv[1]?.endsWith("start-test-slapd.ts")) {
  const i = process.argv.indexOf("--ldif");
  const ldifFile = i > 0 ? process.argv[i + 1] : undefined;
  void startTestSlapd({ ldifFile }).then((slapd) => {
    const { stop, ...info } = slapd;
    console.log(JSON.stringify(info));
    const end = () => {
      stop();
      process.exit(0);
    };
    process.on("SIGTERM", end);
    process.on("SIGINT", end);
    setInterval(() => {}, 60_000);
  });
}
