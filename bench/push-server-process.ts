/**
 * The benchmark's Provisio side: the SCIM push endpoint (serveScimPushRequest, the same function the Next.js
 * route calls) on node:http, and the scheduler with its change watch, in one process, as in the server.
 * Cycles run in processes of their own (PROVISIO_CYCLE_PROCESS, default "child"), as in the app.
 * Prints {"origin", "pid"}; answers "stats" on stdin with this process's peak RSS and CPU; stops when stdin closes.
 */
import fs from "node:fs";
import readline from "node:readline";
import { startScheduler, stopScheduler } from "../lib/jobs/scheduler";
import { startScimPushServer } from "../lib/sources/scim/start-scim-push-server";

function peakRssBytes(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

async function main() {
  const server = await startScimPushServer({ port: 0 });
  startScheduler({ tickMs: 1000 });
  const write = (v: unknown) => process.stdout.write(JSON.stringify(v) + "\n");
  write({ origin: server.origin, pid: process.pid });
  const stop = () => {
    stopScheduler();
    void server.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  const lines = readline.createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (line.trim() === "stats") {
      const cpu = process.cpuUsage();
      write({
        peakRssBytes: peakRssBytes(),
        rssBytes: process.memoryUsage().rss,
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
    }
  });
  lines.on("close", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
