import { RE2JS, RE2JSSyntaxException } from "re2js";

/**
 * Regular expressions from mappings (Replace) and scoping filters (REGEX MATCH), written for .NET as Entra
 * takes them, compiled once for a linear-time engine (re2js, a pure-JavaScript port of RE2).
 *
 * Why not JavaScript's RegExp: it backtracks, so `(a+)+$` on 25 letters and a "!" ran for seconds, and a
 * saved pattern let anyone who opened a preview (a Reader too) stop the whole server. RE2 matches in time
 * proportional to pattern × text, never exponential. It has no backreferences, lookahead, atomic groups or
 * conditionals (those are what make backtracking necessary); such patterns are refused when the admin types
 * them, with the reason, rather than failing later. Lookbehind works (re2js evaluates it linearly).
 *
 * What admins write in practice reads the same in .NET and RE2: classes, quantifiers (greedy and lazy), anchors,
 * named groups `(?<name>…)`, inline options `(?i)`, `(?m)`, `(?s)`. A few .NET spellings are rewritten:
 * `(?'name'…)` and `\uXXXX`, `\e`, `\cX`. `\d`, `\w`, `\s` and `\b` are ASCII, as they were with RegExp.
 *
 * The caps keep even a linear match cheap: the work is about (compiled pattern size) × (text length).
 */
export const MAX_REGEX_PATTERN_CHARS = 1_000;
/** Instructions of the compiled program (RE2's own measure of a pattern's cost); `[a-z]{1000}` is about 1,000. */
const MAX_REGEX_PROGRAM_SIZE = 1_000;
/** Longest text a regular expression is applied to. Directory attributes hold at most 1,024 characters. */
export const MAX_REGEX_INPUT_CHARS = 10_000;

/** Thrown when a pattern cannot be used; the message says why, in an admin's words. */
class RegexPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegexPatternError";
  }
}

const cache = new Map<string, RE2JS>();
const MAX_ENTRIES = 2_000;

export function compileDotNetRegex(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re) return re;
  if (pattern.length > MAX_REGEX_PATTERN_CHARS) {
    throw new RegexPatternError(
      `the pattern is ${pattern.length.toLocaleString("en-US")} characters long; at most ${MAX_REGEX_PATTERN_CHARS.toLocaleString("en-US")} are allowed`,
    );
  }
  const source = translateDotNetPattern(pattern);
  const flags = source.includes("(?<=") || source.includes("(?<!") ? RE2JS.LOOKBEHINDS : 0;
  try {
    re = RE2JS.compile(source, flags);
  } catch (e) {
    throw new RegexPatternError(describeSyntaxError(e));
  }
  if (re.programSize() > MAX_REGEX_PROGRAM_SIZE) {
    throw new RegexPatternError(
      `the pattern is too complex to evaluate quickly (${re.programSize().toLocaleString("en-US")} steps, at most ${MAX_REGEX_PROGRAM_SIZE.toLocaleString("en-US")}): use fewer or smaller repetitions`,
    );
  }
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** The reason a pattern cannot be used, or null when it can. */
export function regexError(pattern: string): string | null {
  try {
    compileDotNetRegex(pattern);
    return null;
  } catch (e) {
    if (e instanceof RegexPatternError) return e.message;
    throw e;
  }
}

/** Why a text is too long to apply a regular expression to, or null. */
export function regexInputProblem(text: string): string | null {
  if (text.length <= MAX_REGEX_INPUT_CHARS) return null;
  return `the value is ${text.length.toLocaleString("en-US")} characters long; regular expressions are applied to at most ${MAX_REGEX_INPUT_CHARS.toLocaleString("en-US")}`;
}

const NOT_SUPPORTED =
  "is not supported: Provisio evaluates regular expressions in linear time (RE2), which has no backtracking";

/**
 * Rewrites the .NET spellings RE2 writes differently, and refuses, with the reason, the constructs RE2 does not
 * have (RE2 would refuse most of them too, but with "invalid or unsupported Perl syntax").
 */
function translateDotNetPattern(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) break; // RE2 reports the trailing backslash
      const escape = translateEscape(pattern, i, inClass);
      out += escape.text;
      i += escape.length - 1;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      else if (c === "-" && pattern[i + 1] === "[") {
        throw new RegexPatternError(`character class subtraction such as [a-z-[aeiou]] ${NOT_SUPPORTED}`);
      }
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      // A "]" right after "[" or "[^" is a literal in both .NET and RE2.
      if (pattern[i + 1] === "^") out += pattern[++i];
      if (pattern[i + 1] === "]") out += pattern[++i];
      continue;
    }
    if (c === "(" && pattern[i + 1] === "?") {
      const group = translateGroupOpening(pattern, i);
      out += group.text;
      i += group.length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

function translateEscape(pattern: string, i: number, inClass: boolean): { text: string; length: number } {
  const next = pattern[i + 1];
  if (!inClass && /[1-9]/.test(next)) {
    throw new RegexPatternError(`backreferences such as \\${next} ${NOT_SUPPORTED}`);
  }
  if (!inClass && next === "k") {
    throw new RegexPatternError(`backreferences such as \\k<name> ${NOT_SUPPORTED}`);
  }
  if (next === "G") throw new RegexPatternError(`\\G ${NOT_SUPPORTED}`);
  if (next === "Z") throw new RegexPatternError("\\Z is not supported: use $ or \\z for the end of the value");
  const hex = pattern.slice(i + 2, i + 6);
  if (next === "u" && /^[0-9a-fA-F]{4}$/.test(hex)) return { text: `\\x{${hex}}`, length: 6 };
  if (next === "e") return { text: "\\x{1B}", length: 2 };
  const control = pattern[i + 2];
  if (next === "c" && control !== undefined && /[A-Za-z]/.test(control)) {
    return { text: `\\x{${(control.toUpperCase().charCodeAt(0) - 64).toString(16)}}`, length: 3 };
  }
  return { text: "\\" + next, length: 2 };
}

function translateGroupOpening(pattern: string, i: number): { text: string; length: number } {
  const rest = pattern.slice(i + 2);
  if (rest.startsWith("=") || rest.startsWith("!")) {
    throw new RegexPatternError(`lookahead (?=…) and (?!…) ${NOT_SUPPORTED}`);
  }
  if (rest.startsWith(">")) throw new RegexPatternError(`atomic groups (?>…) ${NOT_SUPPORTED}`);
  if (rest.startsWith("(")) throw new RegexPatternError(`conditionals (?(…)…) ${NOT_SUPPORTED}`);
  if (rest.startsWith("#")) throw new RegexPatternError("comments (?#…) are not supported: remove them");
  const named = /^(?:<([^>=!]*)>|'([^']*)')/.exec(rest);
  if (named) {
    const name = named[1] ?? named[2];
    if (name.includes("-")) throw new RegexPatternError(`balancing groups (?<a-b>…) ${NOT_SUPPORTED}`);
    return { text: `(?P<${name}>`, length: 2 + named[0].length };
  }
  const options = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?[:)]/.exec(rest);
  if (options && /[nx]/.test(options[1] + (options[2] ?? ""))) {
    throw new RegexPatternError("the inline options n and x are not supported: use i, m or s");
  }
  return { text: "(?", length: 2 };
}

/** RE2's parse errors, in the words V8 uses for the common ones (admins may know them from other tools). */
const SYNTAX_MESSAGES: Record<string, string> = {
  "missing closing )": "Unterminated group",
  "unexpected )": "Unmatched ')'",
  "missing closing ]": "Unterminated character class",
  "missing argument to repetition operator": "Nothing to repeat",
  "invalid nested repetition operator": "Nothing to repeat (a quantifier follows another)",
  "invalid repeat count": "a repetition count is larger than 1,000",
  "invalid character class range": "Range out of order in character class",
  "invalid escape sequence": "Invalid escape",
  "invalid named capture": "Invalid capture group name",
  "duplicate capture group name": "Duplicate capture group name",
  "trailing backslash at end of expression": "\\ at end of pattern",
  "expression nests too deeply": "the pattern nests groups too deeply",
  "expression too large": "the pattern is too large",
  "invalid capture in lookbehind": "a lookbehind cannot hold a capturing group: use (?:…) inside it",
  "invalid or unsupported Perl syntax": "Invalid group",
};

const SHOW_INPUT = new Set([
  "invalid nested repetition operator",
  "invalid repeat count",
  "invalid character class range",
  "invalid escape sequence",
  "invalid named capture",
  "duplicate capture group name",
  "invalid or unsupported Perl syntax",
]);

function describeSyntaxError(e: unknown): string {
  if (!(e instanceof RE2JSSyntaxException)) return e instanceof Error ? e.message : String(e);
  const described = SYNTAX_MESSAGES[e.error] ?? e.error;
  // Which part of the pattern is wrong, where RE2 names a part ("Invalid escape \q"), not the whole pattern.
  return e.input && SHOW_INPUT.has(e.error) ? `${described} ${e.input}` : described;
}
