const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad = (n: number) => String(n).padStart(2, "0");

function toDate(value: Date | string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The one date format of the app: "2 Dec 2026, 04:05:09 UTC" ("—" for no date). Always in UTC and built by
 * hand rather than with Intl, so a page rendered on the server and hydrated in any browser (whatever its
 * zone, locale or ICU version) shows the same text, and the zone is always written out.
 */
export function formatTimestamp(value: Date | string | number | null | undefined): string {
  const d = toDate(value);
  if (!d) return "—";
  const date = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return `${date}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** The same, short, for a chart's time axis (whose legend says UTC): "2 Dec 04:05". */
export function formatTimestampTick(value: Date | string | number): string {
  const d = toDate(value);
  if (!d) return "";
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
