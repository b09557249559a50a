import { describe, expect, it } from "vitest";
import { formatTimestamp, formatTimestampTick } from "./format-timestamp";

describe("formatTimestamp", () => {
  it("writes one format in UTC, with the zone, from a Date, ISO text or milliseconds", () => {
    const at = new Date(Date.UTC(2026, 11, 2, 4, 5, 9));
    expect(formatTimestamp(at)).toBe("2 Dec 2026, 04:05:09 UTC");
    expect(formatTimestamp("2026-12-02T04:05:09.500Z")).toBe("2 Dec 2026, 04:05:09 UTC");
    expect(formatTimestamp(at.getTime())).toBe("2 Dec 2026, 04:05:09 UTC");
    // Another offset in the text is the same instant, shown in UTC.
    expect(formatTimestamp("2026-12-02T06:05:09+02:00")).toBe("2 Dec 2026, 04:05:09 UTC");
    expect(formatTimestamp(new Date(Date.UTC(2027, 0, 31, 23, 59, 0)))).toBe("31 Jan 2027, 23:59:00 UTC");
  });

  it("does not depend on the process's time zone", () => {
    const before = process.env.TZ;
    process.env.TZ = "Pacific/Kiritimati"; // UTC+14: a different calendar day
    try {
      expect(formatTimestamp("2026-12-02T23:30:00Z")).toBe("2 Dec 2026, 23:30:00 UTC");
    } finally {
      process.env.TZ = before;
    }
  });

  it("shows a dash for no date or one that cannot be read", () => {
    expect(formatTimestamp(null)).toBe("—");
    expect(formatTimestamp(undefined)).toBe("—");
    expect(formatTimestamp("")).toBe("—");
    expect(formatTimestamp("not a date")).toBe("—");
  });

  it("has a short form for chart axes", () => {
    expect(formatTimestampTick("2026-03-07T09:04:00Z")).toBe("7 Mar 09:04");
  });
});
