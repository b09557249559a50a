/**
 * Turns a value into a SCIM filter literal (RFC 7644 §3.4.2.2: compValue follows JSON's rules), so a
 * userName like `o"brien\x` becomes `"o\"brien\\x"` and cannot break out of the filter expression.
 * Strings are quoted with quotes, backslashes and control characters escaped; numbers, booleans and null
 * are written bare.
 */
export function escapeFilterValue(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("A SCIM filter value must be a finite number");
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  return JSON.stringify(value);
}

/** `attribute eq "value"` with the value escaped. The attribute path is the caller's (mapping) text. */
export function eqFilter(attribute: string, value: string | number | boolean | null): string {
  return `${attribute} eq ${escapeFilterValue(value)}`;
}
