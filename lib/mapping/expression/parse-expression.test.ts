import { describe, expect, it } from "vitest";
import { ExpressionError } from "./expression-error";
import { FUNCTION_SIGNATURES, suggestFunctionName } from "./function-signatures";
import { parseExpression, validateExpression } from "./parse-expression";

function errorOf(text: string) {
  const v = validateExpression(text);
  if (v.ok) throw new Error(`expected ${text} to be invalid`);
  return v.error;
}

describe("parseExpression", () => {
  it("builds a tree with source positions", () => {
    const ast = parseExpression('Join("@", [mailNickname], "example.com")');
    expect(ast.root).toMatchObject({
      kind: "Call",
      name: "Join",
      start: 0,
      end: 40,
      args: [
        { kind: "String", value: "@", start: 5, end: 8 },
        { kind: "Attribute", name: "mailNickname", start: 10, end: 24 },
        { kind: "String", value: "example.com", start: 26, end: 39 },
      ],
    });
  });

  it("keeps left-out arguments as Empty nodes, so Replace and Switch count all their parameters", () => {
    const ast = parseExpression('Replace([mail], "@contoso.com", , , "", , )');
    expect(ast.root.kind === "Call" && ast.root.args.map((a) => a.kind)).toEqual([
      "Attribute",
      "String",
      "Empty",
      "Empty",
      "String",
      "Empty",
      "Empty",
    ]);
  });

  it("reads comparisons, numbers, hex, negative numbers, booleans and compare modes", () => {
    const ast = parseExpression('IIF([country]<>"USA", -10, &HF7)');
    expect(ast.root).toMatchObject({
      args: [
        {
          kind: "Compare",
          op: "<>",
          left: { kind: "Attribute", name: "country" },
          right: { kind: "String", value: "USA" },
        },
        { kind: "Number", value: -10, raw: "-10" },
        { kind: "Number", value: 247, raw: "&HF7" },
      ],
    });
    expect(parseExpression('InStr("a", "b", 1, vbTextCompare)').root).toMatchObject({
      args: [{}, {}, {}, { kind: "CompareMode", name: "vbTextCompare" }],
    });
    expect(parseExpression("Not(true)").root).toMatchObject({ args: [{ kind: "Boolean", value: true }] });
    for (const op of ["=", "<>", "<", "<=", ">", ">="]) {
      const root = parseExpression(`IIF([a] ${op} 1, "y", "n")`).root;
      expect(root.kind === "Call" && root.args[0]).toMatchObject({
        kind: "Compare",
        op,
        left: { name: "a" },
        right: { value: 1 },
      });
    }
  });

  it('decodes \\" and \\\\ in strings and keeps other backslashes for regular expressions', () => {
    expect(parseExpression('"say \\"hi\\" \\\\ \\d"').root).toMatchObject({ kind: "String", value: 'say "hi" \\ \\d' });
  });

  it("parses every documented function at its arity", () => {
    for (const f of FUNCTION_SIGNATURES) {
      const count = f.evenArgs ? 4 : f.minArgs;
      const args = Array.from({ length: count }, () => "[a]").join(", ");
      expect(() => parseExpression(`${f.name}(${args})`), f.name).not.toThrow();
    }
  });
});

describe("validateExpression errors", () => {
  it.each([
    // [expression, message, position]
    ['Jion("@", [a], "b")', "Unknown function Jion. Did you mean Join?", 0],
    ['ToUpper(join("@", [a], "b"))', "Unknown function join. Function names are case-sensitive: did you mean Join?", 8],
    [
      "Append([a], NormalizeDiacritic([b]))",
      "Unknown function NormalizeDiacritic. Did you mean NormalizeDiacritics?",
      12,
    ],
    ["Frobnicate([a])", "Unknown function Frobnicate.", 0],
    ['Join("@")', "Join(separator, source1, source2, …) takes at least 2 arguments, got 1", 0],
    ['Append("a", Left("abc"))', "Left(String, NumChars) takes 2 arguments, got 1", 12],
    [
      'InStr("a", "b", 1, vbTextCompare, 5)',
      "InStr(value1, value2, start, compareType) takes 2 to 4 arguments, got 5",
      0,
    ],
    ['Guid("x")', "Guid() takes no arguments, got 1", 0],
    [
      'Switch([a], "d", "k")',
      "Switch(source, defaultValue, key1, value1, key2, value2, …) takes an even number of arguments, at least 4 (keys and values come in pairs), got 3",
      0,
    ],
    [
      'Join("@", "unterminated)',
      'This string is never closed: add a " at its end (write \\" for a quotation mark inside a string)',
      10,
    ],
    ['Join("@", [mailNickname, "x")', "This attribute is never closed: add a ] after its name", 10],
    ['Join("@", [mailNickname], "x"', "Join( is never closed: add a ) to end its arguments", 4],
    ['Join("@", [a], "x"))', "Unexpected ): there is no ( for it to close", 19],
    ['Join("@", [a] "x")', 'Unexpected string "x" in the arguments of Join: separate arguments with commas', 14],
    ["Not([])", "An attribute name is missing between [ and ]", 4],
    [
      "mailNickname",
      'Unknown name mailNickname: write attributes in square brackets ([mailNickname]) and text in double quotes ("mailNickname")',
      0,
    ],
    ["Join", "Join is a function: write Join(…)", 0],
    ["", "The expression is empty", 0],
    ["   ", "The expression is empty", 0],
    ['Join("a", [b]) Join("c", [d])', "Unexpected Join after the end of the expression", 15],
    ["Not([a]]", "Unexpected ]: attributes are written [attributeName]", 7],
    ["Not('x')", 'Strings are written in straight double quotes: "text"', 4],
    ['Append("a" ; "b")', 'Unexpected character ";"', 11],
    ['Replace([a], , "(", , "", , )', "Invalid regular expression: Unterminated group", 15],
    ['DateAdd("days", 1, Now())', 'Unknown interval "days": use yyyy, q, m, d, ww, h, n or s', 8],
    [
      'FormatDateTime([d], , "yyyy-MM-dd", "yyyy \'MM")',
      'Invalid date format: the quote at position 6 of the date format "yyyy \'MM" is never closed',
      36,
    ],
    [
      "SelectUniqueValue([a], [b])",
      "SelectUniqueValue is not supported: Entra offers it only for provisioning to Active Directory, and Provisio provisions to SCIM apps",
      0,
    ],
    ["Not(-)", "A minus sign must be followed by a number", 4],
    ["Not(", "Not( is never closed: add a ) to end its arguments", 3],
  ])("%s", (text, message, position) => {
    const error = errorOf(text);
    expect(error.message).toBe(message);
    expect(error.position).toBe(position);
  });

  it("gives line and column for multi-line expressions", () => {
    const error = errorOf('Join("@",\n  [a],\n  Jion("x", [b]))');
    expect(error).toMatchObject({ line: 3, column: 3, position: 19, length: 4 });
  });

  it("refuses expressions over 10,000 characters, pointing at the limit", () => {
    const long = `Join("", "${"x".repeat(10_000)}")`;
    const error = errorOf(long);
    expect(error.message).toBe(
      `The expression is ${long.length.toLocaleString("en-US")} characters long; the limit is 10,000`,
    );
    expect(error.position).toBe(10_000);
    const atLimit = `Join("", "${"x".repeat(10_000 - 12)}")`;
    expect(atLimit.length).toBe(10_000);
    expect(validateExpression(atLimit)).toEqual({ ok: true });
  });

  it("throws a typed ExpressionError from parseExpression", () => {
    expect(() => parseExpression("Jion()")).toThrow(ExpressionError);
    try {
      parseExpression('Append("a", Jion())');
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionError);
      expect((e as ExpressionError).position).toBe(12);
    }
  });

  it("accepts valid expressions", () => {
    for (const text of [
      "Not([IsSoftDeleted])",
      'Join("@", [mailNickname], "example.com")',
      'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")',
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
      'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
      "[department]",
    ]) {
      expect(validateExpression(text), text).toEqual({ ok: true });
    }
  });
});

describe("suggestFunctionName", () => {
  it.each([
    ["Jion", "Join"],
    ["TOLOWER", "ToLower"],
    ["Coalese", "Coalesce"],
    ["IsNullorEmpty", "IsNullOrEmpty"],
    ["Concat", null],
  ])("%s -> %s", (name, expected) => {
    expect(suggestFunctionName(name)).toBe(expected);
  });
});

describe("unknown source attributes", () => {
  const attributes = ["givenName", "surname", "userPrincipalName", "mailNickname", "IsSoftDeleted"];

  it("refuses a mistyped attribute with its position and the closest name", () => {
    const text = 'Join(".", [givenName], [surnam])';
    const v = validateExpression(text, { attributes });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.error.message).toBe(
      "Unknown attribute [surnam]: the source directory has no such attribute. Did you mean [surname]?",
    );
    expect(v.error.position).toBe(text.indexOf("[surnam]"));
    expect(v.error.length).toBe("[surnam]".length);
    expect(v.error.column).toBe(text.indexOf("[surnam]") + 1);
  });

  it("finds attributes inside comparisons and nested calls, and accepts any letter case", () => {
    expect(validateExpression('IIF([isSoftDeleted] = "True", "x", ToLower([GIVENNAME]))', { attributes }).ok).toBe(
      true,
    );
    const v = validateExpression('IIF([IsSoftDeleted] = "True", "x", ToLower([givnName]))', { attributes });
    expect(!v.ok && v.error.message).toMatch(/\[givnName\].*Did you mean \[givenName\]\?/);
  });

  it("gives no suggestion when nothing is close, and checks nothing without a list", () => {
    const v = validateExpression("[department]", { attributes });
    expect(!v.ok && v.error.message).toBe(
      "Unknown attribute [department]: the source directory has no such attribute.",
    );
    expect(validateExpression("[department]").ok).toBe(true);
    expect(() => parseExpression("[surnam]", { attributes })).toThrow(ExpressionError);
  });
});
