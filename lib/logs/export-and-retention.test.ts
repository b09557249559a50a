import { describe, expect, it, vi } from "vitest";
import { prisma } from "../db/prisma";
import { csvCell, csvRow, neutraliseCsvCell } from "./csv";
import { logFiltersSchema, parseLogFilters } from "./log-filters";
import { streamLogExport } from "./stream-log-export";
import { pruneLogs } from "./prune-logs";
import { recommendForLogEntry } from "./recommend-for-log-entry";
import { getLogEntry } from "./get-log-entry";
import { makeLogApp, writeLogEntries } from "./test-support/log-fixtures";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const reader = stream.getReader();
  const dec = new TextDecoder();
  let text = "";
  let chunks = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks++;
    text += dec.decode(value, { stream: true });
  }
  return { text, chunks };
}

/** A small RFC 4180 reader, to check that what we write parses back to the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe("CSV", () => {
  it("neutralises cells that a spreadsheet would run as a formula", () => {
    for (const bad of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"])
      expect(neutraliseCsvCell(bad)).toBe(`'${bad}`);
    for (const ok of ["alice@contoso.test", "a=b", "", "Müller"]) expect(neutraliseCsvCell(ok)).toBe(ok);
    expect(neutraliseCsvCell(null)).toBe("");
    expect(neutraliseCsvCell(42)).toBe("42");
  });

  it("quotes cells with commas, quotes or line breaks, doubling quotes", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvRow(["a", "b,c", null])).toBe('a,"b,c",\r\n');
    expect(parseCsv(csvRow(['x "y"', "1,2", "=3"]))).toEqual([['x "y"', "1,2", "'=3"]]);
  });
});

describe("streamLogExport", () => {
  it("streams the filtered set as CSV in keyset batches, neutralised and quoted", async () => {
    const { appId, jobId } = await makeLogApp();
    await writeLogEntries(jobId, [
      ...Array.from({ length: 23 }, (_, i) => ({
        identity: `bulk${i}@contoso.test`,
        at: new Date(Date.now() - i * 1000),
      })),
      {
        identity: "=cmd|' /C calc'!A0",
        displayName: '-Evil, "Quoted"',
        status: "Failure",
        errorCode: "ScimConflict409",
        errorDetail: "line one\nline two",
        modifiedProperties: [{ name: "title", oldValue: "@old", newValue: "+new" }],
      },
    ]);
    const { text, chunks } = await readAll(streamLogExport(parseLogFilters({ app: appId }), "csv", { batchSize: 5 }));
    expect(chunks).toBeGreaterThan(5); // header + one chunk per batch: never one big string
    const rows = parseCsv(text.replace(/^\uFEFF/, ""));
    expect(rows[0]![0]).toBe("Date (UTC)");
    expect(rows).toHaveLength(1 + 24);
    const evil = rows.find((r) => r[4]?.includes("calc"))!;
    expect(evil[4]).toBe("'=cmd|' /C calc'!A0");
    expect(evil[5]).toBe('\'-Evil, "Quoted"');
    expect(evil[11]).toBe("line one\nline two");
    expect(evil[13]).toBe("title: @old -> +new");
    // Every cell that starts with a formula character is neutralised.
    for (const r of rows) for (const c of r) expect(/^[=+\-@\t\r]/.test(c)).toBe(false);
  });

  it("streams JSON that parses, with the same filters as the page, and an empty array when nothing matches", async () => {
    const { appId, jobId } = await makeLogApp();
    await writeLogEntries(
      jobId,
      Array.from({ length: 12 }, (_, i) => ({
        identity: `j${i}@contoso.test`,
        status: i % 3 === 0 ? "Failure" : "Success",
      })),
    );
    const { text } = await readAll(
      streamLogExport(parseLogFilters({ app: appId, status: "Failure" }), "json", { batchSize: 2 }),
    );
    const rows = JSON.parse(text) as { identity: string; status: string; steps: unknown[] }[];
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.status === "Failure" && Array.isArray(r.steps))).toBe(true);
    const empty = await readAll(streamLogExport(parseLogFilters({ app: appId, q: "nobody-at-all" }), "json"));
    expect(JSON.parse(empty.text)).toEqual([]);
  });

  it("reads only what the consumer pulls", async () => {
    const { appId, jobId } = await makeLogApp();
    await writeLogEntries(
      jobId,
      Array.from({ length: 50 }, (_, i) => ({ identity: `p${i}@contoso.test` })),
    );
    const spy = vi.spyOn(prisma, "$queryRawUnsafe");
    const batchReads = () => spy.mock.calls.filter((c) => String(c[0]).includes("errorDetail")).length;
    const reader = streamLogExport(parseLogFilters({ app: appId }), "csv", { batchSize: 10 }).getReader();
    await reader.read();
    await reader.read();
    await new Promise((r) => setTimeout(r, 50));
    expect(batchReads()).toBeLessThanOrEqual(2); // 5 batches exist; only what was asked for (plus one ahead) is read
    await reader.cancel();
    spy.mockRestore();
  });
});

describe("pruneLogs", () => {
  it("deletes entries older than the retention period and keeps the rest", async () => {
    const { jobId } = await makeLogApp();
    const now = new Date();
    const day = 24 * 60 * 60 * 1000;
    await writeLogEntries(jobId, [
      { identity: "keep-new@x.test", at: new Date(now.getTime() - day) },
      { identity: "keep-edge@x.test", at: new Date(now.getTime() - 29 * day) },
      ...Array.from({ length: 7 }, (_, i) => ({
        identity: `old${i}@x.test`,
        at: new Date(now.getTime() - (31 + i) * day),
      })),
    ]);
    const r = await pruneLogs({ now, retentionDays: 30 });
    expect(r.logEntries).toBeGreaterThanOrEqual(7);
    const left = await prisma.provisioningLogEntry.findMany({ where: { jobId }, select: { identity: true } });
    expect(left.map((l) => l.identity).sort()).toEqual(["keep-edge@x.test", "keep-new@x.test"]);
    const shorter = await pruneLogs({ now, retentionDays: 7 });
    expect(shorter.logEntries).toBeGreaterThanOrEqual(1);
    expect(await prisma.provisioningLogEntry.count({ where: { jobId } })).toBe(1);
  });
});

describe("recommendations", () => {
  const base = {
    errorDetail: null,
    status: "Failure",
    action: "Create",
    steps: [],
    applicationName: "Zscaler Two",
    credentialsHelp: "In the ZIA Admin Portal go to Administration > Authentication Settings",
  };
  it("turns error codes into advice", () => {
    const r401 = recommendForLogEntry({ ...base, errorCode: "ScimUnauthorized401" })!;
    expect(r401.title).toContain("Secret Token was rejected");
    expect(r401.advice.join(" ")).toContain("Administration > Authentication Settings");
    expect(recommendForLogEntry({ ...base, errorCode: "ScimForbidden403" })!.title).toContain("403");
    expect(recommendForLogEntry({ ...base, errorCode: "ScimNotFound404" })!.title).toContain("404");
    expect(recommendForLogEntry({ ...base, errorCode: "ScimConflict409" })!.title).toContain("409");
    expect(recommendForLogEntry({ ...base, errorCode: "ScimRateLimited429" })!.title).toContain("429");
    expect(recommendForLogEntry({ ...base, errorCode: "ScimTransient503" })!.title).toContain("server error (503)");
    expect(
      recommendForLogEntry({ ...base, errorCode: "ScimTransient", errorDetail: "Request timed out after 30 s" })!.title,
    ).toContain("did not answer in time");
    expect(recommendForLogEntry({ ...base, errorCode: "ScimTransient", errorDetail: "ECONNREFUSED" })!.title).toContain(
      "could not be reached",
    );
    expect(recommendForLogEntry({ ...base, errorCode: "ScimProtocol" })!.title).toContain("not SCIM");
    expect(recommendForLogEntry({ ...base, errorCode: "ScimBadRequest400" })!.title).toContain("400");
    expect(recommendForLogEntry({ ...base, errorCode: "MappingError" })!.title).toContain("mapping");
    expect(recommendForLogEntry({ ...base, errorCode: "TooManyDeletes" })!.advice.join(" ")).toContain("Allow deletes");
    const skipped = recommendForLogEntry({
      ...base,
      errorCode: null,
      status: "Skipped",
      action: "Skipped",
      steps: [{ step: "Scope", status: "Skipped", detail: "Not assigned to the application" }],
    })!;
    expect(skipped.title).toContain("out of scope");
    expect(recommendForLogEntry({ ...base, errorCode: null, status: "Success" })).toBeNull();
  });

  it("getLogEntry uses the application's template help and orders the steps", async () => {
    const { jobId } = await makeLogApp({ templateId: "zscaler-two" });
    await writeLogEntries(jobId, [
      {
        identity: "fail@x.test",
        status: "Failure",
        errorCode: "ScimUnauthorized401",
        steps: [
          { step: "Action", status: "Failure", detail: "refused" },
          { step: "Import", status: "Success", detail: "read" },
        ],
        modifiedProperties: [{ name: "active", oldValue: true, newValue: false }],
      },
    ]);
    const row = await prisma.provisioningLogEntry.findFirstOrThrow({ where: { jobId } });
    const e = await getLogEntry(row.id);
    expect(e.steps.map((s) => s.step)).toEqual(["Import", "Action"]);
    expect(e.recommendation!.advice.join(" ")).toContain("ZIA Admin Portal");
    expect(e.modifiedProperties).toEqual([{ name: "active", oldValue: "true", newValue: "false" }]);
    await expect(getLogEntry(999999)).rejects.toThrow(/no longer exists/);
  });
});

describe("filters schema", () => {
  it("reads a datetime-local value as UTC", () => {
    const f = parseLogFilters({ range: "custom", from: "2026-01-02T03:04" });
    expect(f.from!.toISOString()).toBe("2026-01-02T03:04:00.000Z");
    expect(logFiltersSchema.parse({ status: "" }).status).toBeUndefined();
    expect(() => parseLogFilters({ status: "Bogus" })).toThrow();
  });
});
