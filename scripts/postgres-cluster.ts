/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temporary folder, pg_ctl start on
 * a free loopback port, pg_ctl stop and the folder removed at the end. Nothing depends on a server that
 * happens to be running. As root, the server runs as the `postgres` user (PostgreSQL refuses root), and
 * Debian's `postgresql` package is installed when no PostgreSQL is found.
 *
 *   npx tsx scripts/postgres-cluster.ts start <folder>   # prints the URL; the server keeps running
 *   npx tsx scripts/postgres-cluster.ts stop <folder>
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type PostgresCluster = {
  /** Superuser URL of the `postgres` database (trust authentication on loopback only). */
  url: string;
  dir: string;
  port: number;
  stop(): void;
};

const isRoot = () => process.getuid?.() === 0;

/** The newest installed PostgreSQL's bin folder (PG_BIN wins), installing Debian's package as root if none. */
export function postgresBin(): string {
  const found = () => {
    if (process.env.PG_BIN) return process.env.PG_BIN;
    const base = "/usr/lib/postgresql";
    if (!fs.existsSync(base)) return null;
    const versions = fs
      .readdirSync(base)
      .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    return versions[0] ? path.join(base, versions[0], "bin") : null;
  };
  let bin = found();
  if (bin) return bin;
  if (!isRoot())
    throw new Error("PostgreSQL is not installed: run 'sudo apt-get install -y postgresql' (or set PG_BIN).");
  console.error("Installing Debian's PostgreSQL for the tests...");
  const apt = (args: string[]) =>
    spawnSync("apt-get", args, {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  if (apt(["install", "-y", "-qq", "postgresql"]).status !== 0) {
    apt(["update", "-qq"]);
    if (apt(["install", "-y", "-qq", "postgresql"]).status !== 0) throw new Error("apt-get install postgresql failed");
  }
  bin = found();
  if (!bin) throw new Error("PostgreSQL was installed but initdb is not under /usr/lib/postgresql/*/bin");
  return bin;
}

/** Runs a PostgreSQL program, as the postgres user when we are root. */
function pgRun(bin: string, program: string, args: string[]): string {
  const exe = path.join(bin, program);
  const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", exe, ...args]] : [exe, args];
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

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

/**
 * Starts a new cluster. `durable: false` (tests) turns fsync and synchronous commit off: a throwaway
 * cluster loses nothing that matters in a crash, and the suite runs faster. Benchmarks keep the defaults.
 */
export async function startPostgresCluster(opts: { dir?: string; durable?: boolean } = {}): Promise<PostgresCluster> {
  const bin = postgresBin();
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "provisio-pg-"));
  fs.mkdirSync(dir, { recursive: true });
  if (isRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "pg");
  pgRun(bin, "initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const settings = [
    "-c listen_addresses=127.0.0.1",
    `-k ${dir}`,
    "-c max_connections=400",
    ...(opts.durable ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
  ];
  // A port found free may be taken before the server binds it (other engineers' tests): try a few.
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      pgRun(bin, "pg_ctl", [
        "-D",
        data,
        "-o",
        `-p ${port} ${settings.join(" ")}`,
        "-l",
        path.join(dir, "pg.log"),
        "-w",
        "-t",
        "60",
        "start",
      ]);
      break;
    } catch (e) {
      if (attempt >= 3) {
        const log = fs.existsSync(path.join(dir, "pg.log")) ? fs.readFileSync(path.join(dir, "pg.log"), "utf8") : "";
        throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${log.slice(-2000)}`);
      }
    }
  }
  fs.writeFileSync(path.join(dir, "port"), String(port));
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return { url, dir, port, stop: () => stopPostgresCluster(dir) };
}

/** Stops the cluster in `dir` (immediately: it is thrown away) and removes the folder. */
export function stopPostgresCluster(dir: string): void {
  const data = path.join(dir, "pg");
  if (fs.existsSync(path.join(data, "postmaster.pid"))) {
    try {
      pgRun(postgresBin(), "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // already stopped
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The URL of another database on the same server. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function main() {
  const [command, dir] = process.argv.slice(2);
  if (command === "start" && dir) {
    const cluster = await startPostgresCluster({ dir, durable: process.argv.includes("--durable") });
    console.log(cluster.url);
  } else if (command === "stop" && dir) {
    stopPostgresCluster(dir);
  } else {
    console.error("Usage: postgres-cluster.ts start <folder> [--durable] | stop <folder>");
    process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
