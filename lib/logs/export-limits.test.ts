import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { startHealthServer, whileProbing } from "../test/health-probe";
import { ExportSlots } from "./export-slots";
import { parseLogFilters } from "./log-filters";
import { openLogExport } from "./open-log-export";
import { prepareLogExport } from "./prepare-log-export";
import { streamLogExport } from "./stream-log-export";
import { makeLogApp, seedLogEntries } from "./test-support/log-fixtures";

// A real HTTP server doing what GET /api/logs/export does (the person comes from ?person= instead of a session),
// beside the health endpoint of lib/test/health-probe.ts.
const ENTRIES = 100_000;
let slots = new ExportSlots();
let server: http.Server;
let base: string;
let health: Awaited<ReturnType<typeof startHealthServer>>;
let appId: string;

beforeAll(async () => {
  health = await startHealthServer();
  server = http.createServer((req, res) => {
    const params = new URL(req.url!, "http://x").searchParams;
    const opened = openLogExport({
      person: params.get("person")!,
      filters: parseLogFilters({ app: appId }),
      format: params.get("format") === "json" ? "json" : "csv",
      ticket: params.get("ticket"),
      slots,
    });
    if (!opened.ok) {
      res.writeHead(429, { "retry-after": String(opened.refusal.retryAfterSeconds) }).end(opened.refusal.message);
      return;
    }
    res.writeHead(200, { "content-type": "text/csv" });
    pipeline(Readable.fromWeb(opened.stream as never), res).catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  ({ appId } = await makeLogApp({ name: "Export limits" }));
  const { id: jobId } = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: appId } });
  await seedLogEntries(jobId, ENTRIES);
  expect(await prisma.provisioningLogEntry.count({ where: { jobId } })).toBe(ENTRIES);
}, 120_000);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await health.close();
});

const download = (person: string, extra = "") => fetch(`${base}/export?person=${person}${extra}`);

/** Lines in a CSV download, counted as it arrives (parsing it here would cost this process, the server's, time). */
async function countLines(res: Response): Promise<number> {
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
  }
  return lines;
}

describe("log exports are limited per person and in all", () => {
  it(
    "refuses a third parallel download by one person and a fifth overall, with 429, Retry-After and why",
    { timeout: 180_000 },
    async () => {
      slots = new ExportSlots();
      // Downloads that have started but are not read: each holds its slot (the stream waits for the reader).
      const a1 = await download("ana");
      const a2 = await download("ana");
      expect([a1.status, a2.status]).toEqual([200, 200]);
      const a3 = await download("ana");
      expect(a3.status).toBe(429);
      expect(a3.headers.get("retry-after")).toBe("10");
      expect(await a3.text()).toBe(
        "You already have 2 log downloads running (at most 2 at once). Wait for one to finish, then try again.",
      );
      const b1 = await download("ben");
      const b2 = await download("ben");
      expect([b1.status, b2.status]).toEqual([200, 200]);
      const c1 = await download("cleo");
      expect(c1.status).toBe(429);
      expect(await c1.text()).toMatch(/^4 log downloads are running on this server \(at most 4 at once\)/);

      // A download the browser gives up on gives its slot back.
      await a1.body!.cancel();
      await expect.poll(() => slots.inUse("ana")).toBe(1);
      const c2 = await download("cleo");
      expect(c2.status).toBe(200);
      // One that is read to the end gives it back too.
      expect(await countLines(c2)).toBe(ENTRIES + 1);
      await expect.poll(() => slots.inUse("cleo")).toBe(0);
      for (const r of [a2, b1, b2]) await r.body!.cancel();
      await expect.poll(() => slots.inUse()).toBe(0);
    },
  );

  it("holds a slot for the page's ticket, so the download that follows is not refused", async () => {
    slots = new ExportSlots();
    const prepared = prepareLogExport("dana", slots);
    expect(prepared.ok).toBe(true);
    const other = await download("dana");
    expect(other.status).toBe(200);
    // Two in use (one held, one running): a third is refused, but the ticket's download takes its held slot.
    expect((await download("dana")).status).toBe(429);
    const withTicket = await download("dana", `&ticket=${prepared.ok ? prepared.ticket : ""}`);
    expect(withTicket.status).toBe(200);
    expect(prepareLogExport("dana", slots)).toEqual({
      ok: false,
      refusal: expect.objectContaining({ retryAfterSeconds: 10 }),
    });
    await other.body!.cancel();
    await withTicket.body!.cancel();
    await expect.poll(() => slots.inUse()).toBe(0);
  });

  // Four downloads of 100,000 entries are several seconds of work on a busy 2-core machine.
  it(
    "keeps /api/health answering within 1 s while ten parallel downloads of 100,000 entries are asked for",
    { timeout: 180_000 },
    async () => {
      slots = new ExportSlots();
      const people = ["p1", "p1", "p2", "p2", "p3", "p3", "p4", "p4", "p5", "p5"];
      const { result, slowestMs } = await whileProbing(health.url, () =>
        Promise.all(
          people.map(async (p) => {
            const res = await download(p);
            return { status: res.status, lines: res.status === 200 ? await countLines(res) : 0 };
          }),
        ),
      );
      expect(result.filter((r) => r.status === 200)).toHaveLength(4);
      expect(result.filter((r) => r.status === 429)).toHaveLength(6);
      for (const r of result.filter((x) => x.status === 200)) expect(r.lines).toBe(ENTRIES + 1);
      expect(slowestMs).toBeLessThan(1000);
    },
  );

  it("gives the slot back when a download stalls (nothing read from it)", async () => {
    let ended = 0;
    const stream = streamLogExport(parseLogFilters({ app: appId }), "csv", { stallMs: 200, onEnd: () => ended++ });
    const reader = stream.getReader();
    await reader.read(); // the header; then nothing more is read
    await expect.poll(() => ended).toBe(1);
    await expect(reader.read()).rejects.toThrow(/stalled/);
    expect(ended).toBe(1);
  });
});
