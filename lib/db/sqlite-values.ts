/**
 * DateTime values as Prisma's SQLite driver adapter stores them, for the places that write or compare them
 * with plain SQL: ISO 8601 text with an explicit "+00:00" offset.
 */
export function sqliteDateTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

/**
 * Dates as SQLite may hold them: Prisma's ISO text ("2026-11-23T03:22:33.309+00:00"), SQLite's
 * CURRENT_TIMESTAMP text ("2026-11-23 03:22:33", UTC), or milliseconds since 1970.
 */
export function sqliteDate(v: unknown): Date {
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  const text = String(v);
  if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text)) return new Date(`${text.replace(" ", "T")}Z`);
  return new Date(text);
}
