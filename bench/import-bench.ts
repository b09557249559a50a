/**
 * Bulk import benchmark: imports generated Entra bulk-create CSV files of 50,000 and 100,000 users as the
 * Bulk import page does (the server hands the file to an import process), into a fresh SQLite database, and
 * prints per file the time taken, the peak RSS of the server process and of the import process, and the
 * slowest /api/health answer during the import (asked every 50 ms from this process).
 *
 *   npx tsx bench/import-bench.ts [--users 50000,100000] [--keep]
 *
 * Each size runs on its own database: a first import creates every user, a second one (the same users with
 * another job title) updates every user.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { migrateDatabase } from "./migrate-database";

const ROOT = path.resolve(__dirname, "..");
const HEADER =
  "version:v1.0\r\n" +
  "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname],Job title [jobTitle],Department [department],Usage location [usageLocation],City [city],Country or region [country],Office phone [telephoneNumber]\r\n";

function writeCsv(file: string, users: number, jobTitle: string): number {
  const lines = [HEADER];
  for (let i = 0; i < users; i++) {
    lines.push(
      `Bench User ${i},bench.user${i}@contoso.example,,${i % 50 === 0 ? "Yes" : "No"},Given${i},Surname${i},${jobTitle},Department ${i % 40},US,City ${i % 300},United States,+1 425 555 ${String(i % 10_000).padStart(4, "0")}\r\n`,
    );
  }
  const text = lines.join("");
  fs.writeFileSync(file, text);
  return Buffer.byteLength(text);
}

/** Asks the health endpoint every 50 ms (one request at a time) until stopped; returns the slowest answer. */
function probe(url: string): { stop: () => Promise<{ slowestMs: number; answers: number }> } {
  let stopped = false;
  let slowest = 0;
  let answers = 0;
  const loop = (async () => {
    while (!stopped) {
      const t = Date.now();
      await new Promise<void>((resolve) => {
        const req = http.get(url, (res) => {
          res.resume();
          res.on("end", () => resolve());
        });
        req.on("error", () => resolve());
      });
      slowest = Math.max(slowest, Date.now() - t);
      answers++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { slowestMs: slowest, answers };
    },
  };
}

type ImportLine = { file: string; seconds: number; users: Record<string, number>; importPeakRssMb: number | null };

async function runSize(users: number, keep: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-import-bench-"));
  const url = `file:${path.join(dir, "provisio.db")}`;
  await migrateDatabase(url);
  const create = path.join(dir, "create.csv");
  const update = path.join(dir, "update.csv");
  const bytes = writeCsv(create, users, "Engineer");
  writeCsv(update, users, "Senior Engineer");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench", "import-server.ts"), create, update],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, PROVISIO_DATA_DIR: dir, PROVISIO_DEMO: "false" },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const results: (ImportLine & { slowestMs: number; answers: number })[] = [];
  let serverPeak = 0;
  let current: ReturnType<typeof probe> | null = null;
  let healthUrl = "";
  const lines = readline.createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (line.startsWith("BENCH_READY ")) {
      healthUrl = `http://127.0.0.1:${line.slice("BENCH_READY ".length)}/api/health`;
      current = probe(healthUrl);
    } else if (line.startsWith("BENCH_IMPORT ")) {
      const health = await current!.stop();
      results.push({ ...(JSON.parse(line.slice("BENCH_IMPORT ".length)) as ImportLine), ...health });
      current = probe(healthUrl);
    } else if (line.startsWith("BENCH_SERVER_PEAK_RSS_MB ")) {
      serverPeak = Number(line.slice("BENCH_SERVER_PEAK_RSS_MB ".length));
      await current?.stop();
    }
  }
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`The server process exited with code ${code}`);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  return { users, bytes, serverPeak, results };
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf("--users");
  const sizes = (at >= 0 ? args[at + 1] : "50000,100000").split(",").map(Number);
  const keep = args.includes("--keep");
  console.log(
    `Bulk import benchmark: Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}`,
  );
  for (const size of sizes) {
    const r = await runSize(size, keep);
    console.log(
      `\n${size.toLocaleString("en-US")} users (${(r.bytes / 1024 / 1024).toFixed(1)} MB of CSV); server process peak RSS ${r.serverPeak} MB`,
    );
    for (const x of r.results) {
      const kind = x.users.created > 0 ? "create" : "update";
      console.log(
        `  ${kind}: ${x.seconds.toFixed(1)} s, import process peak RSS ${x.importPeakRssMb ?? "?"} MB, slowest /api/health ${x.slowestMs} ms (${x.answers} answers)  ${JSON.stringify(x.users)}`,
      );
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
