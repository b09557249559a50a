/**
 * Provisioning log query benchmark: seeds 1,000,000 log entries into a fresh SQLite file, then times the
 * first page and each single filter through the same lib/logs functions the pages call (server-side query
 * time), several runs each, and prints median and p95 in milliseconds. Target: under 200 ms each.
 *
 *   npm run bench:logs                 # 1,000,000 rows
 *   BENCH_ROWS=200000 npm run bench:logs
 *   BENCH_KEEP=1 ...                   # keep the database file (its path is printed)
 *   BENCH_DB=/tmp/.../provisio.db ...  # time an already seeded file again (no seeding)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { createClient, type InArgs } from "@libsql/client";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const TARGET_MS = 200;

const reuse = process.env.BENCH_DB;
const dir = reuse ? path.dirname(reuse) : fs.mkdtempSync(path.join(os.tmpdir(), "provisio-logs-bench-"));
const file = reuse ?? path.join(dir, "provisio.db");
process.env.DATABASE_URL = `file:${file}`;
process.env.PROVISIO_DATA_DIR = dir;
process.env.PROVISIO_DEMO = "false";

// Deterministic data, so runs compare.
let seed = 42;
function rand(): number {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function pick<T>(weighted: [T, number][]): T {
  let r = rand();
  for (const [v, w] of weighted) {
    if ((r -= w) < 0) return v;
  }
  return weighted[weighted.length - 1]![0];
}
const FIRST = [
  "Adele",
  "Bruno",
  "Chloe",
  "Dmitri",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kira",
  "Liam",
  "Maya",
  "Nils",
  "Olga",
  "Pavel",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
];
const LAST = [
  "Anders",
  "Baker",
  "Costa",
  "Diaz",
  "Evans",
  "Fischer",
  "Garcia",
  "Hansen",
  "Ito",
  "Jensen",
  "Klein",
  "Lopez",
  "Moreau",
  "Novak",
  "Olsen",
  "Petrov",
  "Quist",
  "Rossi",
  "Silva",
  "Tanaka",
];
const USERS = 50_000;
const sqlDate = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const uuid = (s: string) => {
  const h = crypto.createHash("md5").update(s).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

async function seedDatabase() {
  const client = createClient({ url: `file:${file}` });
  await client.execute("PRAGMA journal_mode = WAL");
  const migrations = path.resolve(__dirname, "../prisma/migrations");
  for (const name of fs.readdirSync(migrations).sort()) {
    const f = path.join(migrations, name, "migration.sql");
    if (fs.existsSync(f)) await client.executeMultiple(fs.readFileSync(f, "utf8"));
  }
  const now = Date.now();
  const jobs: { appId: string; jobId: string; weight: number }[] = [
    { appId: uuid("app1"), jobId: uuid("job1"), weight: 0.6 },
    { appId: uuid("app2"), jobId: uuid("job2"), weight: 0.3 },
    { appId: uuid("app3"), jobId: uuid("job3"), weight: 0.1 },
  ];
  for (const [i, j] of jobs.entries()) {
    await client.execute({
      sql: `INSERT INTO "Application" ("id","name","templateId","updatedAt") VALUES (?,?,?,?)`,
      args: [j.appId, `Bench App ${i + 1}`, "zscaler-two", sqlDate(now)],
    });
    await client.execute({
      sql: `INSERT INTO "ProvisioningJob" ("id","applicationId","updatedAt") VALUES (?,?,?)`,
      args: [j.jobId, j.appId, sqlDate(now)],
    });
  }

  // Build the indexes after the rows: much faster than maintaining them row by row.
  const indexes = await client.execute(
    `SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='ProvisioningLogEntry' AND sql IS NOT NULL`,
  );
  for (const r of indexes.rows) await client.execute(`DROP INDEX "${r.name}"`);

  const span = 32 * 24 * 60 * 60 * 1000; // a little over the 30-day default window
  const start = now - span;
  const perCycle = 1000;
  const cycles: { id: string; jobId: string; startedAt: number; count: number }[] = [];
  const cols = [
    "jobId",
    "cycleId",
    "at",
    "objectType",
    "sourceId",
    "targetId",
    "displayName",
    "identity",
    "displayNameKey",
    "identityKey",
    "action",
    "status",
    "steps",
    "modifiedProperties",
    "errorCode",
    "errorDetail",
    "durationMs",
  ];
  const ROWS_PER_STMT = 200;
  const STMTS_PER_TX = 25;
  let written = 0;
  let cycle = { id: "", jobId: "", startedAt: 0, count: 0 };
  const t0 = Date.now();
  while (written < ROWS) {
    const stmts: { sql: string; args: InArgs }[] = [];
    for (let s = 0; s < STMTS_PER_TX && written < ROWS; s++) {
      const n = Math.min(ROWS_PER_STMT, ROWS - written);
      const args: (string | number | null)[] = [];
      for (let k = 0; k < n; k++) {
        const i = written + k;
        const at = start + Math.floor((i / ROWS) * span) + Math.floor(rand() * 1000);
        if (cycle.count >= perCycle || !cycle.id) {
          const job = pick(jobs.map((j) => [j, j.weight] as [typeof j, number]));
          cycle = { id: uuid(`cycle${cycles.length}`), jobId: job.jobId, startedAt: at, count: 0 };
          cycles.push(cycle);
        }
        cycle.count++;
        const u = Math.floor(rand() * USERS);
        const first = FIRST[u % FIRST.length]!;
        const last = LAST[Math.floor(u / FIRST.length) % LAST.length]!;
        const isGroup = rand() < 0.03;
        const status = pick<string>([
          ["Success", 0.9],
          ["Failure", 0.04],
          ["Skipped", 0.05],
          ["Warning", 0.01],
        ]);
        const action =
          status === "Skipped"
            ? "Skipped"
            : pick<string>([
                ["Update", 0.45],
                ["Create", 0.25],
                ["Disable", 0.1],
                ["Delete", 0.03],
                ["StagedDelete", 0.005],
                ["Other", 0.165],
              ]);
        const errorCode =
          status === "Failure"
            ? pick<string>([
                ["ScimUnauthorized401", 0.2],
                ["ScimConflict409", 0.3],
                ["ScimTransient503", 0.3],
                ["ScimRateLimited429", 0.2],
              ])
            : null;
        args.push(
          cycle.jobId,
          cycle.id,
          sqlDate(at),
          isGroup ? "Group" : "User",
          uuid(`user${u}`),
          action === "Create" && status !== "Success" ? null : uuid(`target${u}`),
          isGroup ? `Team ${last} ${u}` : `${first} ${last} ${u}`,
          isGroup ? `Team ${last} ${u}` : `${first}.${last}${u}@contoso.com`.toLowerCase(),
          // The search keys the engine writes with each entry (lib/db/sql/log-entries.ts).
          (isGroup ? `Team ${last} ${u}` : `${first} ${last} ${u}`).toLowerCase(),
          (isGroup ? `Team ${last} ${u}` : `${first}.${last}${u}@contoso.com`).toLowerCase(),
          action,
          status,
          JSON.stringify([
            { step: "Import", status: "Success", detail: "Read from the source directory" },
            {
              step: "Scope",
              status: status === "Skipped" ? "Skipped" : "Success",
              detail: status === "Skipped" ? "Out of scope: not assigned" : "In scope: assigned to the application",
            },
            { step: "Match", status: "Success", detail: `Matched on userName eq "${first}.${last}${u}@contoso.com"` },
            {
              step: "Action",
              status: status === "Failure" ? "Failure" : "Success",
              detail: `${action} sent to the target`,
            },
          ]),
          action === "Update"
            ? JSON.stringify([{ name: "title", oldValue: "Engineer", newValue: "Senior Engineer" }])
            : null,
          errorCode,
          errorCode ? "The target answered with an error" : null,
          Math.floor(rand() * 400),
        );
      }
      const placeholders = Array.from({ length: n }, () => `(${cols.map(() => "?").join(",")})`).join(",");
      stmts.push({
        sql: `INSERT INTO "ProvisioningLogEntry" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${placeholders}`,
        args,
      });
      written += n;
    }
    await client.batch(stmts, "write");
    if (written % 100_000 < ROWS_PER_STMT * STMTS_PER_TX)
      process.stdout.write(
        `  seeded ${written.toLocaleString("en")} rows (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`,
      );
  }
  for (const c of cycles) {
    await client.execute({
      sql: `INSERT INTO "Cycle" ("id","jobId","type","status","startedAt","endedAt","total","processed","updated","requests") VALUES (?,?,?,?,?,?,?,?,?,?)`,
      args: [
        c.id,
        c.jobId,
        "Incremental",
        "Succeeded",
        sqlDate(c.startedAt),
        sqlDate(c.startedAt + 60_000),
        c.count,
        c.count,
        c.count,
        c.count,
      ],
    });
  }
  const t1 = Date.now();
  for (const r of indexes.rows) await client.execute(String(r.sql));
  console.log(
    `Seeded ${ROWS.toLocaleString("en")} rows in ${((t1 - t0) / 1000).toFixed(1)} s, built ${indexes.rows.length} indexes in ${((Date.now() - t1) / 1000).toFixed(1)} s (${file})`,
  );
  client.close();
  return { jobs, cycles, now };
}

async function readSeeded() {
  const client = createClient({ url: `file:${file}` });
  const jobs = (
    await client.execute(
      `SELECT "id" AS jobId, "applicationId" AS appId FROM "ProvisioningJob" ORDER BY "applicationId"`,
    )
  ).rows.map((r) => ({ jobId: String(r.jobId), appId: String(r.appId) }));
  const cycles = (await client.execute(`SELECT "id" FROM "Cycle" ORDER BY "startedAt"`)).rows.map((r) => ({
    id: String(r.id),
  }));
  client.close();
  const order = ["app1", "app2", "app3"].map(uuid);
  jobs.sort((a, b) => order.indexOf(a.appId) - order.indexOf(b.appId));
  return { jobs, cycles };
}

function stats(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { median: q(0.5), p95: q(0.95) };
}

async function main() {
  console.log(`Provisioning log query benchmark: ${ROWS.toLocaleString("en")} entries, ${RUNS} runs per query`);
  const { jobs, cycles } = reuse ? await readSeeded() : await seedDatabase();
  const { parseLogFilters } = await import("../lib/logs/log-filters");
  const { queryLogEntries } = await import("../lib/logs/query-log-entries");
  const { queryNewLogEntries } = await import("../lib/logs/query-new-log-entries");
  const { streamLogExport } = await import("../lib/logs/stream-log-export");
  const { prisma } = await import("../lib/db/prisma");

  const app = jobs[1]!.appId;
  const midCycle = cycles[Math.floor(cycles.length / 2)]!.id;
  const day = 24 * 60 * 60 * 1000;
  const sample = (await prisma.provisioningLogEntry.findFirst({ where: { id: Math.floor(ROWS / 3) } }))!;
  const latest = (await prisma.provisioningLogEntry.aggregate({ _max: { id: true } }))._max.id ?? 0;

  // A cursor twenty pages deep, to show that depth costs nothing with keyset paging.
  let deep: string | null = null;
  for (let i = 0; i < 20; i++) deep = (await queryLogEntries(parseLogFilters({ app }), { cursor: deep })).nextCursor;

  const cases: [string, () => Promise<unknown>][] = [
    ["first page (all apps, last 30 days)", () => queryLogEntries(parseLogFilters({}))],
    ["date: last 24 hours", () => queryLogEntries(parseLogFilters({ range: "24h" }))],
    ["date: last 7 days", () => queryLogEntries(parseLogFilters({ range: "7d" }))],
    [
      "date: custom (one day, 20 days ago)",
      () =>
        queryLogEntries(
          parseLogFilters({
            range: "custom",
            from: new Date(Date.now() - 21 * day).toISOString(),
            to: new Date(Date.now() - 20 * day).toISOString(),
          }),
        ),
    ],
    ["status: Failure", () => queryLogEntries(parseLogFilters({ status: "Failure" }))],
    ["status: Warning (1%)", () => queryLogEntries(parseLogFilters({ status: "Warning" }))],
    ["action: Update", () => queryLogEntries(parseLogFilters({ action: "Update" }))],
    ["action: StagedDelete (0.5%)", () => queryLogEntries(parseLogFilters({ action: "StagedDelete" }))],
    ["cycle id", () => queryLogEntries(parseLogFilters({ cycle: midCycle }))],
    ["application", () => queryLogEntries(parseLogFilters({ app }))],
    ["identity: UPN prefix", () => queryLogEntries(parseLogFilters({ q: sample.identity!.slice(0, 14) }))],
    [
      "identity: display name prefix (any case)",
      () => queryLogEntries(parseLogFilters({ q: sample.displayName!.toUpperCase() })),
    ],
    ['identity: short prefix "a"', () => queryLogEntries(parseLogFilters({ q: "a" }))],
    ["identity: source id", () => queryLogEntries(parseLogFilters({ q: sample.sourceId! }))],
    ["identity: target id", () => queryLogEntries(parseLogFilters({ q: sample.targetId ?? sample.sourceId! }))],
    ["application + status: Failure", () => queryLogEntries(parseLogFilters({ app, status: "Failure" }))],
    ["application, page 21 (cursor)", () => queryLogEntries(parseLogFilters({ app }), { cursor: deep })],
    ["live poll (entries after an id)", () => queryNewLogEntries(parseLogFilters({}), latest - 100)],
    [
      "CSV export: first 10,000 rows streamed",
      async () => {
        const reader = streamLogExport(parseLogFilters({}), "csv").getReader();
        let bytes = 0;
        let lines = 0;
        while (lines < 10_000) {
          const { value, done } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
          lines += 1000;
        }
        await reader.cancel();
        return bytes;
      },
    ],
  ];

  const results: { name: string; median: number; p95: number; rows: number }[] = [];
  for (const [name, run] of cases) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = await run();
      times.push(performance.now() - t);
      if (r && typeof r === "object" && "entries" in r) rows = (r as { entries: unknown[] }).entries.length;
    }
    results.push({ name, ...stats(times), rows });
  }
  const w = Math.max(...results.map((r) => r.name.length));
  console.log(`\n${"query".padEnd(w)}  rows  median ms   p95 ms  under ${TARGET_MS} ms`);
  for (const r of results) {
    const exempt = r.name.startsWith("CSV export");
    console.log(
      `${r.name.padEnd(w)}  ${String(r.rows).padStart(4)}  ${r.median.toFixed(1).padStart(9)}  ${r.p95.toFixed(1).padStart(7)}  ${exempt ? "(throughput)" : r.p95 < TARGET_MS ? "yes" : "NO"}`,
    );
  }
  await prisma.$disconnect();
  if (!process.env.BENCH_KEEP && !reuse) fs.rmSync(dir, { recursive: true, force: true });
  const failed = results.filter((r) => !r.name.startsWith("CSV export") && r.p95 >= TARGET_MS);
  if (failed.length > 0) {
    console.log(`\n${failed.length} quer${failed.length === 1 ? "y" : "ies"} over ${TARGET_MS} ms at p95`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
