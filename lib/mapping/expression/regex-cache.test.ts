import { describe, expect, it } from "vitest";
import { validateScopingClause } from "../../scoping/validate-scoping-clause";
import { evaluateScopingFilters } from "../../scoping/evaluate-scoping-filters";
import { evaluateExpression } from "./evaluate-expression";
import { ExpressionError } from "./expression-error";
import { parseExpression } from "./parse-expression";
import { MAX_REGEX_INPUT_CHARS, MAX_REGEX_PATTERN_CHARS, regexError } from "./regex-cache";

function parseErrorOf(source: string): string {
  try {
    parseExpression(source);
  } catch (e) {
    if (e instanceof ExpressionError) return e.message;
    throw e;
  }
  return "(parsed)";
}

const replaceWith = (pattern: string) => `Replace([x], , ${JSON.stringify(pattern)}, , "-", , )`;

describe("regular expressions run on a linear-time engine", () => {
  it.each([
    ["(?=a)b", "lookahead"],
    ["a(?!b)", "lookahead"],
    ["(a)\\1", "backreferences"],
    ["(?<x>a)\\k<x>", "backreferences"],
    ["(?>a+)b", "atomic groups"],
    ["(?(a)b|c)", "conditionals"],
    ["[a-z-[aeiou]]", "character class subtraction"],
    ["(?x) a b", "inline options n and x"],
    ["abc\\Z", "\\Z is not supported"],
  ])("refuses %s when it is typed, saying why (%s)", (pattern, reason) => {
    // In a mapping, the editor underlines the pattern; in a scoping filter, the clause gets the message.
    expect(parseErrorOf(replaceWith(pattern))).toContain(reason);
    expect(validateScopingClause({ attribute: "x", operator: "REGEX MATCH", value: pattern })).toContain(reason);
    expect(regexError(pattern)).toMatch(/not supported/);
  });

  it("refuses a pattern that is too long or too complex to match quickly", () => {
    expect(regexError("a".repeat(MAX_REGEX_PATTERN_CHARS + 1))).toMatch(/at most 1,000 are allowed/);
    expect(regexError("[a-z]{600}[0-9]{600}")).toMatch(/too complex/);
    expect(regexError("a{2000}")).toMatch(/larger than 1,000/);
  });

  it("keeps Entra's examples and the usual .NET spellings working", () => {
    const user = { userPrincipalName: "zoe.adams@contoso.com", employeeId: "1234567", x: "Café-42" };
    const filter = (attribute: string, value: string) => [{ clauses: [{ attribute, operator: "REGEX MATCH", value }] }];
    expect(evaluateScopingFilters(filter("userPrincipalName", ".*\\@contoso.com"), user)).toBe(true);
    expect(evaluateScopingFilters(filter("userPrincipalName", "(?i).*@CONTOSO\\.COM"), user)).toBe(true);
    expect(evaluateScopingFilters(filter("employeeId", "(1[0-9][0-9][0-9][0-9][0-9][0-9])"), user)).toBe(true);
    expect(evaluateScopingFilters(filter("employeeId", "(?<=1)2"), user)).toBe(false);
    expect(evaluateExpression('Replace([x], , "\\u00e9", , "e", , )', user)).toBe("Cafe-42");
    expect(evaluateExpression(`Replace([x], , "(?'n'\\d+)", "n", "7", , )`, user)).toBe("Café-7");
    expect(evaluateExpression('Replace([x], , "(?<=f)é", , "e", , )', user)).toBe("Cafe-42");
    expect(evaluateExpression('Replace([x], , "(\\w+)-(\\d+)", , "$2/$1 $$", , )', { x: "ab-12" })).toBe("12/ab $");
    // Empty matches as .NET and JavaScript find them (RE2's own replace skips the one right after "b": XaXcX).
    expect(evaluateExpression('Replace([x], , "b*", , "X", , )', { x: "abc" })).toBe("XaXXcX");
  });

  it("fails one evaluation with the reason when the value is too long, or the result grows too large", () => {
    const long = { x: "a".repeat(MAX_REGEX_INPUT_CHARS + 1) };
    expect(() => evaluateExpression(replaceWith("a"), long)).toThrow(/at most 10,000/);
    // Every character replaced by the whole input twice: 10,000 × 20,000 characters.
    const wide = { x: "a".repeat(MAX_REGEX_INPUT_CHARS) };
    expect(() => evaluateExpression('Replace([x], , ".", , "$`$\'", , )', wide)).toThrow(/longer than 100,000/);
    const filter = [{ clauses: [{ attribute: "x", operator: "REGEX MATCH", value: "a+" }] }];
    expect(() => evaluateScopingFilters(filter, long)).toThrow(/REGEX MATCH on x: the value is 10,001 characters/);
  });
});
