/**
 * The server's side of the import benchmark (bench/import-bench.ts): answers GET /api/health as the app does
 * (a query through the shared Prisma client) and imports the files named on the command line one after
 * another through importUploadedFile, the Bulk import page's own path (the import runs in a child process).
 * Prints one line `BENCH_IMPORT {json}` per file and `BENCH_SERVER_PEAK_RSS_MB n` at the end.
 *
 *   node --import tsx bench/import-server.ts <file> [<file> ...]
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { prisma } from "../lib/db/prisma";
import { importUploadedFile } from "../lib/directory/import-uploaded-file";

function peakRssMb(): number {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1];
  return Math.round(Number(kb ?? 0) / 1024);
}

async function main() {
  const server = http.createServer((_req, res) => {
    prisma
      .$queryRawUnsafe("SELECT 1")
      .then(() => res.writeHead(200).end('{"status":"ok"}'))
      .catch(() => res.writeHead(503).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  console.log(`BENCH_READY ${(server.address() as AddressInfo).port}`);
  // Let the benchmark's probe start before the first import.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const originalLog = console.log;
  for (const file of process.argv.slice(2)) {
    let childPeak: number | null = null;
    console.log = (...args: unknown[]) => {
      const m = /peak memory (\d+) MB/.exec(String(args[0]));
      if (m) childPeak = Number(m[1]);
    };
    const text = fs.readFileSync(file, "utf8");
    const started = Date.now();
    const outcome = await importUploadedFile({ fileName: "bench.csv", text, actor: "bench" });
    const seconds = (Date.now() - started) / 1000;
    console.log = originalLog;
    if (outcome.status !== "imported") throw new Error(`The import was refused: ${JSON.stringify(outcome.errors[0])}`);
    console.log(`BENCH_IMPORT ${JSON.stringify({ file, seconds, users: outcome.users, importPeakRssMb: childPeak })}`);
  }
  console.log(`BENCH_SERVER_PEAK_RSS_MB ${peakRssMb()}`);
  server.close();
  await prisma.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
