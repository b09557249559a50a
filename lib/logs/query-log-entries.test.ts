import { describe, expect, it, beforeAll } from "vitest";
import { prisma } from "../db/prisma";
import { parseLogFilters, logFiltersSchema, logFiltersToSearchParams } from "./log-filters";
import { ResultWriter } from "../sync/store/result-writer";
import { queryLogEntries } from "./query-log-entries";
import { queryNewLogEntries } from "./query-new-log-entries";
import { makeCycle, makeLogApp, writeLogEntries } from "./test-support/log-fixtures";

const H = 60 * 60 * 1000;
const now = new Date();
const ago = (hours: number) => new Date(now.getTime() - hours * H);
const all = logFiltersSchema.parse({});

describe("queryLogEntries: keyset pagination", () => {
  it("pages newest first with no duplicate or miss while new rows arrive, equal timestamps included", async () => {
    const { jobId } = await makeLogApp();
    const sameAt = ago(2);
    await writeLogEntries(
      jobId,
      Array.from({ length: 30 }, (_, i) => ({ at: i < 10 ? sameAt : ago(3 + i), identity: `p${i}@x.test` })),
    );
    const before = await prisma.provisioningLogEntry.findMany({ where: { jobId }, select: { id: true, at: true } });
    const filters = parseLogFilters({
      app: (await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).applicationId,
    });

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await queryLogEntries(filters, { cursor, limit: 4, now });
      seen.push(...page.entries.map((e) => e.id));
      // New entries keep arriving between page reads, some with older times than the current page.
      await writeLogEntries(jobId, [{ at: new Date() }, { at: ago(1) }]);
      pages++;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(pages).toBeGreaterThan(5);
    expect(new Set(seen).size).toBe(seen.length);
    for (const r of before) expect(seen).toContain(r.id);
    // Order: (at desc, id desc).
    const byId = new Map(before.map((r) => [r.id, r.at.getTime()]));
    const ordered = seen.filter((id) => byId.has(id));
    for (let i = 1; i < ordered.length; i++) {
      const a = byId.get(ordered[i - 1]!)!;
      const b = byId.get(ordered[i]!)!;
      expect(a > b || (a === b && ordered[i - 1]! > ordered[i]!)).toBe(true);
    }
  });

  it("refuses a tampered cursor with an admin-readable message", async () => {
    await expect(queryLogEntries(all, { cursor: "not-a-cursor" })).rejects.toThrow(/no longer valid/);
  });
});

describe("queryLogEntries: filters", () => {
  let appA: string;
  let appB: string;
  let jobA: string;
  let cycleId: string;
  beforeAll(async () => {
    const a = await makeLogApp();
    const b = await makeLogApp();
    appA = a.appId;
    appB = b.appId;
    jobA = a.jobId;
    cycleId = (await makeCycle(a.jobId)).id;
    await writeLogEntries(a.jobId, [
      {
        at: ago(1),
        identity: "alice.adams@contoso.test",
        displayName: "Alice Adams",
        sourceId: "src-alice",
        targetId: "tgt-alice",
        cycleId,
      },
      {
        at: ago(30),
        identity: "bob.brown@contoso.test",
        displayName: "Bob Brown",
        status: "Failure",
        errorCode: "ScimUnauthorized401",
        action: "Update",
        cycleId,
      },
      {
        at: ago(24 * 5),
        identity: "carol.clark@contoso.test",
        displayName: "Carol Clark",
        action: "Disable",
        status: "Warning",
      },
      {
        at: ago(24 * 20),
        identity: "dan.doe@contoso.test",
        displayName: "Dan Doe",
        action: "Skipped",
        status: "Skipped",
      },
      { at: ago(24 * 40), identity: "eve.old@contoso.test", displayName: "Eve Old" },
    ]);
    await writeLogEntries(b.jobId, [
      { at: ago(2), identity: "alice.other@fabrikam.test", displayName: "alice Other", action: "Delete" },
    ]);
  });

  const names = async (raw: Record<string, string>) => {
    const page = await queryLogEntries(parseLogFilters(raw), { now });
    return page.entries
      .map((e) => e.displayName)
      .filter((n) => n !== null && /^(Alice|Bob|Carol|Dan|Eve|alice)/.test(n))
      .sort();
  };

  it("date: last 24 hours, 7 days, 30 days (the default) and a custom range", async () => {
    expect(await names({ app: appA, range: "24h" })).toEqual(["Alice Adams"]);
    expect(await names({ app: appA, range: "7d" })).toEqual(["Alice Adams", "Bob Brown", "Carol Clark"]);
    expect(await names({ app: appA })).toEqual(["Alice Adams", "Bob Brown", "Carol Clark", "Dan Doe"]);
    expect(
      await names({ app: appA, range: "custom", from: ago(24 * 45).toISOString(), to: ago(24 * 10).toISOString() }),
    ).toEqual(["Dan Doe", "Eve Old"]);
    expect(() => parseLogFilters({ range: "custom", from: "yesterday-ish" })).toThrow();
  });

  it("status, action and cycle", async () => {
    expect(await names({ app: appA, status: "Failure" })).toEqual(["Bob Brown"]);
    expect(await names({ app: appA, status: "Warning" })).toEqual(["Carol Clark"]);
    expect(await names({ app: appA, action: "Skipped" })).toEqual(["Dan Doe"]);
    expect(await names({ action: "Delete" })).toEqual(["alice Other"]);
    expect(await names({ cycle: cycleId })).toEqual(["Alice Adams", "Bob Brown"]);
  });

  it("application", async () => {
    const b = await queryLogEntries(parseLogFilters({ app: appB }), { now });
    expect(b.entries.map((e) => e.identity)).toEqual(["alice.other@fabrikam.test"]);
    expect(b.entries[0]!.applicationId).toBe(appB);
    const none = await queryLogEntries(parseLogFilters({ app: "no-such-app" }), { now });
    expect(none.entries).toEqual([]);
  });

  it("identity: UPN or display name prefix in any case, exact source or target id", async () => {
    expect(await names({ q: "ALICE" })).toEqual(["Alice Adams", "alice Other"]);
    expect(await names({ app: appA, q: "alice" })).toEqual(["Alice Adams"]);
    expect(await names({ q: "bob.b" })).toEqual(["Bob Brown"]);
    expect(await names({ q: "Carol C" })).toEqual(["Carol Clark"]);
    expect(await names({ q: "src-alice" })).toEqual(["Alice Adams"]);
    expect(await names({ q: "tgt-alice" })).toEqual(["Alice Adams"]);
    expect(await names({ q: "src-ali" })).toEqual([]); // ids match exactly, not by prefix
    expect(await names({ q: "lice" })).toEqual([]); // prefix, not contains
  });

  it("identity: letters beyond ASCII match in any case, in entries the engine writes too", async () => {
    const c = await makeLogApp();
    await writeLogEntries(c.jobId, [{ identity: "émile.zola@contoso.test", displayName: "Émile Zola" }]);
    // The cycle's own writer (lib/sync/store/result-writer.ts) stores the search keys with each entry.
    const writer = new ResultWriter(c.jobId, null);
    writer.log({
      objectType: "User",
      sourceId: "src-orjan",
      targetId: null,
      displayName: "Ørjan Åsheim",
      identity: "Ørjan.Asheim@contoso.test",
      action: "Create",
      status: "Success",
      steps: [],
      modifiedProperties: null,
      errorCode: null,
      errorDetail: null,
      durationMs: 3,
    });
    await writer.flush();
    const found = async (q: string) =>
      (await queryLogEntries(parseLogFilters({ app: c.appId, q }), { now: new Date() })).entries.map(
        (e) => e.displayName,
      );
    expect(await found("ÉMILE")).toEqual(["Émile Zola"]);
    expect(await found("émile zo")).toEqual(["Émile Zola"]);
    expect(await found("ØRJAN.A")).toEqual(["Ørjan Åsheim"]);
    expect(await found("ørjan ÅS")).toEqual(["Ørjan Åsheim"]);
    expect(await found("Åsheim")).toEqual([]);
  });

  it("filters combine", async () => {
    expect(await names({ app: appA, q: "b", status: "Failure", range: "7d" })).toEqual(["Bob Brown"]);
    expect(await names({ app: appA, q: "b", status: "Success" })).toEqual([]);
  });

  it("round-trips filters through the URL", () => {
    const f = parseLogFilters({
      range: "custom",
      from: "2026-01-01T00:00:00.000Z",
      status: "Failure",
      q: "ali",
      cycle: "c1",
      app: "a1",
      action: "Create",
    });
    const back = parseLogFilters(logFiltersToSearchParams(f));
    expect(back).toEqual(f);
    expect(logFiltersToSearchParams(all).toString()).toBe("");
  });

  it("live view: returns only entries written after the last id seen, with the filters applied", async () => {
    const first = await queryLogEntries(parseLogFilters({ app: appA }), { now });
    await writeLogEntries(jobA, [
      { identity: "new.one@contoso.test", status: "Failure" },
      { identity: "new.two@contoso.test" },
    ]);
    const live = await queryNewLogEntries(parseLogFilters({ app: appA, status: "Failure" }), first.latestId);
    expect(live.entries.map((e) => e.identity)).toEqual(["new.one@contoso.test"]);
    expect(live.latestId).toBeGreaterThan(first.latestId);
    const again = await queryNewLogEntries(parseLogFilters({ app: appA }), live.latestId);
    expect(again.entries).toEqual([]);
  });
});
