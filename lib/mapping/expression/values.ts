import { formatEntraDateTime } from "./date-time";

/**
 * Returned instead of a value when the target attribute must not be sent at all (IgnoreFlowIfNullOrEmpty on a
 * null or empty value). Distinct from null, which means "send no value".
 */
export const NOT_SENT: unique symbol = Symbol.for("provisio.mapping.notSent");
export type NotSent = typeof NOT_SENT;

export function isNotSent(v: unknown): v is NotSent {
  return v === NOT_SENT;
}

/** A value inside the evaluator: null, string, number, boolean, DateTime (Date), multi-valued array or object. */
export type Value = unknown;

export function isNullOrEmpty(v: Value): boolean {
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
}

/** CStr: how a value reads as a string. Booleans are "True"/"False" and DateTimes "M/d/yyyy h:mm:ss tt", as in .NET. */
export function toStr(v: Value): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) return formatEntraDateTime(v);
  if (Array.isArray(v)) return v.length === 0 ? null : toStr(v[0]);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.displayName === "string") return o.displayName;
    if (typeof o.value === "string") return o.value;
    return JSON.stringify(v);
  }
  return String(v);
}

/** Reads a value as an integer, or null when it is not one. */
export function toInteger(v: Value): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    const t = v.trim();
    if (/^[+-]?\d+(\.\d+)?$/.test(t)) return Math.trunc(Number(t));
    if (/^&H[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
    return null;
  }
  if (Array.isArray(v) && v.length === 1) return toInteger(v[0]);
  return null;
}

/** Reads a value as a number (for comparisons), or null. */
export function toNumber(v: Value): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const t = v.trim();
    return t !== "" && /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : null;
  }
  return null;
}

/**
 * Reads a value as a boolean: true/false, "True"/"False" in any case, or a number (non-zero is true).
 * Returns null when the value is none of these.
 */
export function toBool(v: Value): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    if (t === "true") return true;
    if (t === "false") return false;
    const n = toNumber(t);
    return n === null ? null : n !== 0;
  }
  if (Array.isArray(v) && v.length === 1) return toBool(v[0]);
  return null;
}

/** Flattens a value to its list of values (a single value is a list of one, null an empty list). */
export function toList(v: Value): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** Turns an evaluator result into what a mapping sends: DateTimes become Entra's "M/d/yyyy h:mm:ss tt" strings. */
export function toOutputValue(v: Value): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return formatEntraDateTime(v);
  if (typeof v === "bigint") return v.toString();
  return v;
}
