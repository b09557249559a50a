import { z } from "zod";

export const LOG_STATUSES = ["Success", "Failure", "Skipped", "Warning"] as const;
export const LOG_ACTIONS = ["Create", "Update", "Disable", "Delete", "StagedDelete", "Skipped", "Other"] as const;
const LOG_RANGES = ["24h", "7d", "30d", "custom"] as const;

const logStatusSchema = z.enum(LOG_STATUSES);
const logActionSchema = z.enum(LOG_ACTIONS);
export type LogStatusFilter = z.infer<typeof logStatusSchema>;
export type LogActionFilter = z.infer<typeof logActionSchema>;

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const isoDate = z.preprocess(
  emptyToUndefined,
  z
    .string()
    // A datetime-local value has no zone: the logs pages show UTC, so it is read as UTC.
    .transform((s) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? `${s}Z` : s))
    .refine((s) => !Number.isNaN(Date.parse(s)), "Enter a valid date and time.")
    .transform((s) => new Date(s))
    .optional(),
);
const optionalText = (max: number) => z.preprocess(emptyToUndefined, z.string().trim().max(max).optional());

/**
 * The filters of a logs page, as they appear in its URL (shareable). Unknown or empty values fall back
 * to "no filter"; a malformed date is refused with a message.
 */
export const logFiltersSchema = z
  .object({
    range: z.preprocess(emptyToUndefined, z.enum(LOG_RANGES).default("30d")),
    from: isoDate,
    to: isoDate,
    status: z.preprocess(emptyToUndefined, logStatusSchema.optional()),
    action: z.preprocess(emptyToUndefined, logActionSchema.optional()),
    /** Identity search: display name or UPN prefix (any case), or an exact source or target id. */
    q: optionalText(200),
    cycle: optionalText(100),
    app: optionalText(100),
  })
  .refine((f) => !(f.range === "custom" && f.from && f.to && f.from > f.to), {
    message: "The start must be before the end.",
    path: ["from"],
  });

export type LogFilters = z.infer<typeof logFiltersSchema>;

/** Reads filters from URL search params (Next.js searchParams or URLSearchParams). */
export function parseLogFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): LogFilters {
  const get = (k: string): string | undefined => {
    if (params instanceof URLSearchParams) return params.get(k) ?? undefined;
    const v = params[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const raw = Object.fromEntries(
    ["range", "from", "to", "status", "action", "q", "cycle", "app"].map((k) => [k, get(k)]),
  );
  return logFiltersSchema.parse(raw);
}

/** The filters as URL search params (defaults left out, so URLs stay short). */
export function logFiltersToSearchParams(f: Partial<LogFilters>): URLSearchParams {
  const p = new URLSearchParams();
  if (f.range && f.range !== "30d") p.set("range", f.range);
  if (f.range === "custom") {
    if (f.from) p.set("from", f.from.toISOString());
    if (f.to) p.set("to", f.to.toISOString());
  }
  if (f.status) p.set("status", f.status);
  if (f.action) p.set("action", f.action);
  if (f.q) p.set("q", f.q);
  if (f.cycle) p.set("cycle", f.cycle);
  if (f.app) p.set("app", f.app);
  return p;
}

const DAY = 24 * 60 * 60 * 1000;

/** The date bounds a filter stands for: [from, to). */
export function resolveDateRange(
  f: Pick<LogFilters, "range" | "from" | "to">,
  now = new Date(),
): { from?: Date; to?: Date } {
  switch (f.range) {
    case "24h":
      return { from: new Date(now.getTime() - DAY) };
    case "7d":
      return { from: new Date(now.getTime() - 7 * DAY) };
    case "30d":
      return { from: new Date(now.getTime() - 30 * DAY) };
    case "custom":
      return { from: f.from, to: f.to };
  }
}
