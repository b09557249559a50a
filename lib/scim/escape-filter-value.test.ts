import { describe, expect, it } from "vitest";
import { eqFilter, escapeFilterValue } from "./escape-filter-value";

describe("escapeFilterValue", () => {
  it("quotes strings and escapes quotes, backslashes and control characters", () => {
    expect(escapeFilterValue('o"brien\\x')).toBe('"o\\"brien\\\\x"');
    expect(escapeFilterValue("a\nb")).toBe('"a\\nb"');
    expect(JSON.parse(escapeFilterValue('he said "hi" \\ bye'))).toBe('he said "hi" \\ bye');
  });
  it("writes numbers, booleans and null bare", () => {
    expect(escapeFilterValue(42)).toBe("42");
    expect(escapeFilterValue(true)).toBe("true");
    expect(escapeFilterValue(null)).toBe("null");
    expect(() => escapeFilterValue(Number.NaN)).toThrow();
  });
  it("builds eq filters", () => {
    expect(eqFilter("userName", 'a"b')).toBe('userName eq "a\\"b"');
  });
});
