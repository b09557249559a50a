import type { AppRoleAssignmentValue, SourceObject } from "../source-object";
import {
  dateAdd,
  dateDiff,
  dateFromFileTime,
  fileTimeFromDate,
  formatDateTime,
  parseDateTime,
  parseDateTimeExact,
} from "./date-time";
import { EvaluationError } from "./expression-error";
import type { RE2JS } from "re2js";
import { compileDotNetRegex, regexInputProblem } from "./regex-cache";
import { isNullOrEmpty, toBool, toInteger, toList, toNumber, toStr, type Value } from "./values";

/** What one evaluation carries: the object, the clock, the random source and the flags functions raise. */
export type EvalContext = {
  source: SourceObject;
  now: Date;
  random: () => number;
  /** Set by IgnoreFlowIfNullOrEmpty on a null or empty value: the target attribute is not sent. */
  ignoreFlow: boolean;
  /** Set by Redact: the value is shown as [Redact] in the provisioning logs. */
  redacted: boolean;
};

export type Thunk = (ctx: EvalContext) => Value;
/** A function receives its arguments unevaluated, so IIF and Switch evaluate only the branch they take. */
export type FunctionImpl = (args: Thunk[], ctx: EvalContext, present: boolean[]) => Value;

const str = (t: Thunk | undefined, ctx: EvalContext): string | null => (t ? toStr(t(ctx)) : null);

function asDate(v: Value, fn: string): Date | null {
  if (v === null || v === undefined || v === "") return null;
  if (v instanceof Date) return v;
  const s = toStr(v);
  const d = s === null ? null : parseDateTime(s);
  if (!d)
    throw new EvaluationError(
      `${JSON.stringify(s)} is not a date/time Provisio can read (use CDate or FormatDateTime)`,
      fn,
    );
  return d;
}

function asInteger(v: Value, fn: string, what: string): number | null {
  if (v === null || v === undefined) return null;
  const n = toInteger(v);
  if (n === null) throw new EvaluationError(`${what} must be a whole number, got ${JSON.stringify(toStr(v))}`, fn);
  return n;
}

function roleName(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "object") {
    const o = v as Partial<AppRoleAssignmentValue> & { value?: unknown };
    if (typeof o.displayName === "string") return o.displayName;
    if (typeof o.value === "string") return o.value;
  }
  return toStr(v);
}

function utf16leBase64(s: string): string {
  let binary = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    binary += String.fromCharCode(c & 0xff, c >> 8);
  }
  return btoa(binary);
}

const utf8 = new TextEncoder();
const HEX = "0123456789ABCDEF";

// NFD takes accents off most letters; these letters have no decomposition, so Entra's table maps them itself.
const DIACRITIC_LETTERS: Record<string, string> = {
  æ: "ae",
  Æ: "AE",
  ǣ: "ae",
  Ǣ: "AE",
  ø: "oe",
  Ø: "OE",
  œ: "oe",
  Œ: "OE",
  ß: "ss",
  ł: "l",
  Ł: "L",
  ı: "i",
  đ: "d",
  Đ: "D",
  ð: "d",
  Ð: "D",
  ħ: "h",
  Ħ: "H",
  ŧ: "t",
  Ŧ: "T",
};
const DIACRITIC_RE = /[æÆǣǢøØœŒßłŁıđĐðÐħĦŧŦ]/g;
const COMBINING_MARKS = /\p{M}+/gu;

function normalizeDiacritics(s: string): string {
  // ǣ/Ǣ decompose to æ + macron, so map after stripping marks too.
  return s
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(DIACRITIC_RE, (c) => DIACRITIC_LETTERS[c] ?? c)
    .normalize("NFC");
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function pcase(source: string, separators: string | null): string {
  let out = "";
  let atStart = true;
  for (const ch of source.toLowerCase()) {
    const isSeparator = separators !== null ? separators.includes(ch) : !WORD_CHAR.test(ch);
    if (isSeparator) {
      out += ch;
      atStart = true;
    } else {
      out += atStart ? ch.toUpperCase() : ch;
      atStart = false;
    }
  }
  return out;
}

// Windows password-complexity character sets, which Entra's RandomString draws from.
const DIGITS = "0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const SPECIAL = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/";

function randomString(args: number[], avoid: string, random: () => number): string {
  const [length, minNumbers, minSpecial, minCapital, minLower] = args;
  const fn = "RandomString";
  if (length < 1 || length > 256) throw new EvaluationError(`Length must be between 1 and 256, got ${length}`, fn);
  if (args.some((n) => n < 0)) throw new EvaluationError("the minimums cannot be negative", fn);
  if (minNumbers + minSpecial + minCapital + minLower > length) {
    throw new EvaluationError(`the minimums add up to more than Length (${length})`, fn);
  }
  const keep = (set: string) => [...set].filter((c) => !avoid.includes(c)).join("");
  const sets = [keep(DIGITS), keep(SPECIAL), keep(UPPER), keep(LOWER)];
  const mins = [minNumbers, minSpecial, minCapital, minLower];
  const pick = (set: string) => set[Math.floor(random() * set.length) % set.length];
  const chars: string[] = [];
  for (let i = 0; i < 4; i++) {
    if (mins[i] > 0 && sets[i] === "")
      throw new EvaluationError("CharactersToAvoid leaves no character for a required minimum", fn);
    for (let k = 0; k < mins[i]; k++) chars.push(pick(sets[i]));
  }
  // Without special-character minimums the rest is letters and digits, as Entra's examples show (1a73qt).
  const rest = minSpecial > 0 ? sets.join("") : sets[0] + sets[2] + sets[3];
  if (rest === "") throw new EvaluationError("CharactersToAvoid leaves no character to use", fn);
  while (chars.length < length) chars.push(pick(rest));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1)) % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

/** A match as substitute() reads it: the whole match and the groups by number, where it starts, named groups. */
type MatchLike = ArrayLike<string | undefined> & { index: number; groups?: Record<string, string | undefined> };

/** .NET replacement syntax: $$, $&, $0, $1, ${name}, $`, $'. */
function substitute(template: string, match: MatchLike, input: string): string {
  if (!template.includes("$")) return template;
  const whole = match[0] ?? "";
  return template.replace(/\$(\$|&|`|'|\d+|\{([^}]+)\})/g, (text, token: string, name: string | undefined) => {
    if (token === "$") return "$";
    if (token === "&") return whole;
    if (token === "`") return input.slice(0, match.index);
    if (token === "'") return input.slice(match.index + whole.length);
    if (name !== undefined) {
      if (/^\d+$/.test(name)) return match[Number(name)] ?? "";
      const g = match.groups?.[name];
      return g === undefined ? text : g;
    }
    const n = Number(token);
    return n < match.length ? (match[n] ?? "") : text;
  });
}

function regexFor(pattern: string): RE2JS {
  try {
    return compileDotNetRegex(pattern);
  } catch (e) {
    throw new EvaluationError(
      `the regular expression ${JSON.stringify(pattern)} is invalid: ${(e as Error).message}`,
      "Replace",
    );
  }
}

/** A result past this size is refused: $` and $' copy the input into every match, which grows quadratically. */
const MAX_REPLACE_RESULT_CHARS = 100_000;

function checkInput(text: string): void {
  const problem = regexInputProblem(text);
  if (problem) throw new EvaluationError(problem, "Replace");
}

function checkResult(text: string): void {
  if (text.length > MAX_REPLACE_RESULT_CHARS) {
    throw new EvaluationError(
      `the result would be longer than ${MAX_REPLACE_RESULT_CHARS.toLocaleString("en-US")} characters`,
      "Replace",
    );
  }
}

/** Every match, as JavaScript's String.replace finds them (an empty match moves on by one character). */
function replaceMatches(re: RE2JS, source: string, replacement: string): string {
  let out = "";
  let last = 0;
  for (const m of re.matchAll(source)) {
    const index = m.index ?? 0;
    out += source.slice(last, index) + substitute(replacement, m as MatchLike, source);
    last = index + m[0].length;
    checkResult(out);
  }
  return out + source.slice(last);
}

/** The matcher's current match, as substitute() reads it. */
function current(m: ReturnType<RE2JS["matcher"]>): MatchLike {
  const groups = Object.fromEntries(Object.keys(m.pattern().namedGroups()).map((n) => [n, m.group(n) ?? undefined]));
  const numbered = Array.from({ length: m.groupCount() + 1 }, (_, i) => m.group(i) ?? undefined);
  return Object.assign(numbered, { index: m.start(), groups });
}

/** Replaces only the span of one named group in each match (Entra's regexGroupName). */
function replaceGroup(re: RE2JS, source: string, groupName: string, replacement: string): string {
  const known = Object.hasOwn(re.namedGroups(), groupName);
  const m = re.matcher(source);
  let out = "";
  let last = 0;
  for (let pos = 0; pos <= source.length && m.find(pos); pos = m.end() === m.start() ? m.end() + 1 : m.end()) {
    if (!known) {
      throw new EvaluationError(`the regular expression has no group named ${JSON.stringify(groupName)}`, "Replace");
    }
    const start = m.start(groupName);
    if (start < 0) continue;
    out +=
      source.slice(last, start) +
      (replacement.includes("$") ? substitute(replacement, current(m), source) : replacement);
    last = m.end(groupName);
    checkResult(out);
  }
  return out + source.slice(last);
}

function replace(a: Thunk[], ctx: EvalContext, present: boolean[]): Value {
  const has = (i: number) => i < a.length && present[i];
  const source = str(a[0], ctx);
  const oldValue = has(1) ? str(a[1], ctx) : null;
  const pattern = has(2) ? str(a[2], ctx) : null;
  const groupName = has(3) ? str(a[3], ctx) : null;
  const replacementValue = has(4) ? (str(a[4], ctx) ?? "") : null;
  const template = has(6) ? str(a[6], ctx) : null;

  if (pattern) {
    const re = regexFor(pattern);
    if (groupName && has(5) && !has(4)) {
      // Fall back to a value extracted from another attribute only when source is empty.
      if (source !== null && source !== "") return source;
      const other = str(a[5], ctx);
      if (other === null) return null;
      checkInput(other);
      const m = re.exec(other) as MatchLike | null;
      return m?.groups?.[groupName] ?? null;
    }
    if (source === null) return null;
    checkInput(source);
    const replacement = replacementValue ?? "";
    return groupName ? replaceGroup(re, source, groupName, replacement) : replaceMatches(re, source, replacement);
  }
  if (oldValue !== null && oldValue !== "") {
    if (template !== null) return source === null ? null : template.split(oldValue).join(source);
    if (source === null) return null;
    return replacementValue === null ? source : source.split(oldValue).join(replacementValue);
  }
  return source;
}

function switchFn(a: Thunk[], ctx: EvalContext, present: boolean[]): Value {
  // A null source matches the key "" (Entra's advice for testing empty values).
  const source = str(a[0], ctx) ?? "";
  for (let i = 2; i + 1 < a.length; i += 2) {
    const key = present[i] ? (str(a[i], ctx) ?? "") : "";
    if (key === source) return a[i + 1](ctx);
  }
  return present[1] ? a[1](ctx) : null;
}

export const FUNCTION_IMPLS: Record<string, FunctionImpl> = {
  Append(a, ctx) {
    const source = str(a[0], ctx);
    if (source === null) return null;
    return source + (str(a[1], ctx) ?? "");
  },
  AppRoleAssignmentsComplex(a, ctx) {
    const seen = new Set<string>();
    const roles: { primary: boolean; type: string; displayName: string; value: string }[] = [];
    for (const item of toList(a[0](ctx))) {
      const name = roleName(item);
      if (name === null || seen.has(name)) continue;
      seen.add(name);
      roles.push({ primary: false, type: "WindowsAzureActiveDirectoryRole", displayName: name, value: name });
    }
    return roles.length === 0 ? null : roles;
  },
  BitAnd(a, ctx) {
    const x = asInteger(a[0](ctx), "BitAnd", "value1");
    const y = asInteger(a[1](ctx), "BitAnd", "value2");
    if (x === null || y === null) return null;
    return Number(BigInt(x) & BigInt(y));
  },
  CBool(a, ctx) {
    const v = a[0](ctx);
    if (v === null || v === undefined) return false;
    const b = toBool(v);
    if (b === null) throw new EvaluationError(`${JSON.stringify(toStr(v))} is not a boolean or a number`, "CBool");
    return b;
  },
  CDate(a, ctx) {
    return asDate(a[0](ctx), "CDate");
  },
  Coalesce(a, ctx) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i](ctx);
      if (i === a.length - 1) return v ?? null;
      if (!isNullOrEmpty(v)) return v;
    }
    return null;
  },
  ConvertToBase64(a, ctx) {
    const s = str(a[0], ctx);
    return s === null ? null : utf16leBase64(s);
  },
  ConvertToUTF8Hex(a, ctx) {
    const s = str(a[0], ctx);
    if (s === null) return null;
    let out = "";
    for (const byte of utf8.encode(s)) out += HEX[byte >> 4] + HEX[byte & 15];
    return out;
  },
  Count(a, ctx) {
    return toList(a[0](ctx)).length;
  },
  CStr(a, ctx) {
    return str(a[0], ctx);
  },
  DateAdd(a, ctx) {
    const interval = str(a[0], ctx);
    const value = toNumber(a[1](ctx));
    const d = asDate(a[2](ctx), "DateAdd");
    if (interval === null || value === null || d === null) return null;
    const r = dateAdd(interval, value, d);
    if (!r)
      throw new EvaluationError(
        `unknown interval ${JSON.stringify(interval)} (use yyyy, q, m, d, ww, h, n or s)`,
        "DateAdd",
      );
    return r;
  },
  DateDiff(a, ctx) {
    const interval = str(a[0], ctx);
    const d1 = asDate(a[1](ctx), "DateDiff");
    const d2 = asDate(a[2](ctx), "DateDiff");
    if (interval === null || d1 === null || d2 === null) return null;
    const r = dateDiff(interval, d1, d2);
    if (r === null)
      throw new EvaluationError(
        `unknown interval ${JSON.stringify(interval)} (use yyyy, q, m, d, ww, h, n or s)`,
        "DateDiff",
      );
    return r;
  },
  DateFromNum(a, ctx) {
    const v = a[0](ctx);
    if (v === null || v === undefined || v === "") return null;
    const s = typeof v === "number" ? String(Math.trunc(v)) : (toStr(v) ?? "").trim();
    if (!/^\d+$/.test(s))
      throw new EvaluationError(`${JSON.stringify(s)} is not an Active Directory date number`, "DateFromNum");
    return dateFromFileTime(BigInt(s));
  },
  FormatDateTime(a, ctx) {
    // FormatDateTime(source, inputFormat, outputFormat) is the older three-argument form.
    const [inputArg, outputArg] = a.length === 3 ? [a[1], a[2]] : [a[2], a[3]];
    const v = a[0](ctx);
    if (v === null || v === undefined || v === "") return null;
    const inputFormat = str(inputArg, ctx);
    const outputFormat = str(outputArg, ctx);
    if (!outputFormat) throw new EvaluationError("outputFormat is required", "FormatDateTime");
    let d: Date | null;
    if (v instanceof Date) d = v;
    else {
      const s = toStr(v) ?? "";
      try {
        d = inputFormat ? parseDateTimeExact(s, inputFormat) : parseDateTime(s);
      } catch (e) {
        throw new EvaluationError((e as Error).message, "FormatDateTime");
      }
      if (!d) {
        throw new EvaluationError(
          `${JSON.stringify(s)} does not match the input format ${JSON.stringify(inputFormat ?? "")}`,
          "FormatDateTime",
        );
      }
    }
    try {
      return formatDateTime(d, outputFormat);
    } catch (e) {
      throw new EvaluationError((e as Error).message, "FormatDateTime");
    }
  },
  Guid(_a, ctx) {
    const bytes = new Array<number>(16);
    for (let i = 0; i < 16; i++) bytes[i] = Math.floor(ctx.random() * 256) & 0xff;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
  IgnoreFlowIfNullOrEmpty(a, ctx) {
    const v = a[0](ctx);
    if (isNullOrEmpty(v)) {
      ctx.ignoreFlow = true;
      return null;
    }
    return v;
  },
  IIF(a, ctx) {
    return toBool(a[0](ctx)) === true ? a[1](ctx) : a[2](ctx);
  },
  InStr(a, ctx, present) {
    const haystack = str(a[0], ctx);
    const needle = str(a[1], ctx);
    if (haystack === null || needle === null) return null;
    const start = a.length > 2 && present[2] ? (asInteger(a[2](ctx), "InStr", "start") ?? 1) : 1;
    const mode = a.length > 3 && present[3] ? a[3](ctx) : "vbBinaryCompare";
    const text = mode === "vbTextCompare" || mode === 1 || mode === "1";
    const from = Math.max(1, start) - 1;
    const index = text ? haystack.toLowerCase().indexOf(needle.toLowerCase(), from) : haystack.indexOf(needle, from);
    return index + 1;
  },
  IsNull(a, ctx) {
    const v = a[0](ctx);
    return v === null || v === undefined || (Array.isArray(v) && v.length === 0);
  },
  IsNullOrEmpty(a, ctx) {
    return isNullOrEmpty(a[0](ctx));
  },
  IsPresent(a, ctx) {
    return !isNullOrEmpty(a[0](ctx));
  },
  IsString(a, ctx) {
    return typeof a[0](ctx) === "string";
  },
  Item(a, ctx) {
    const list = toList(a[0](ctx));
    const index = asInteger(a[1](ctx), "Item", "index");
    if (index === null || index < 1 || index > list.length) return null;
    return list[index - 1] ?? null;
  },
  Join(a, ctx) {
    const separator = str(a[0], ctx) ?? "";
    let out = "";
    let first = true;
    for (let i = 1; i < a.length; i++) {
      const v = a[i](ctx);
      if (Array.isArray(v)) {
        for (const item of v) {
          const s = toStr(item);
          if (s === null || s === "") continue;
          out += first ? s : separator + s;
          first = false;
        }
      } else {
        const s = toStr(v);
        if (s === null || s === "") continue;
        out += first ? s : separator + s;
        first = false;
      }
    }
    return out;
  },
  Left(a, ctx) {
    const s = str(a[0], ctx);
    if (s === null) return "";
    const n = asInteger(a[1](ctx), "Left", "NumChars");
    if (n === null || n < 0) return s;
    return s.slice(0, n);
  },
  Len(a, ctx) {
    const s = str(a[0], ctx);
    return s === null ? 0 : s.length;
  },
  Mid(a, ctx) {
    const s = str(a[0], ctx);
    if (s === null) return null;
    const start = asInteger(a[1](ctx), "Mid", "start") ?? 1;
    const length = asInteger(a[2](ctx), "Mid", "length") ?? s.length;
    const from = Math.max(1, start) - 1;
    return s.substr(from, Math.max(0, length));
  },
  NormalizeDiacritics(a, ctx) {
    const v = a[0](ctx);
    if (Array.isArray(v)) return v.map((item) => (typeof item === "string" ? normalizeDiacritics(item) : item));
    const s = toStr(v);
    return s === null ? null : normalizeDiacritics(s);
  },
  Not(a, ctx) {
    return toBool(a[0](ctx)) !== true;
  },
  Now(_a, ctx) {
    return new Date(ctx.now.getTime());
  },
  NumFromDate(a, ctx) {
    const d = asDate(a[0](ctx), "NumFromDate");
    return d === null ? null : fileTimeFromDate(d).toString();
  },
  PCase(a, ctx, present) {
    const s = str(a[0], ctx);
    if (s === null) return null;
    const separators = a.length > 1 && present[1] ? str(a[1], ctx) : null;
    return pcase(s, separators === "" ? null : separators);
  },
  RandomString(a, ctx, present) {
    const names = ["Length", "MinimumNumbers", "MinimumSpecialCharacters", "MinimumCapital", "MinimumLowerCase"];
    const nums = names.map((name, i) => (present[i] ? asInteger(a[i](ctx), "RandomString", name) : 0) ?? 0);
    const avoid = a.length > 5 && present[5] ? (str(a[5], ctx) ?? "") : "";
    return randomString(nums, avoid, ctx.random);
  },
  Redact(a, ctx) {
    ctx.redacted = true;
    return a[0](ctx);
  },
  RemoveDuplicates(a, ctx) {
    const v = a[0](ctx);
    if (!Array.isArray(v)) return v ?? null;
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const item of v) {
      const key = typeof item === "string" ? "s" + item : "j" + JSON.stringify(item);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
    return out;
  },
  Replace: replace,
  SingleAppRoleAssignment(a, ctx) {
    for (const item of toList(a[0](ctx))) {
      const name = roleName(item);
      if (name !== null && name !== "") return name;
    }
    return null;
  },
  Split(a, ctx) {
    const s = str(a[0], ctx);
    if (s === null) return null;
    const delimiter = str(a[1], ctx) ?? "";
    return delimiter === "" ? [s] : s.split(delimiter);
  },
  StripSpaces(a, ctx) {
    const s = str(a[0], ctx);
    return s === null ? null : s.replaceAll(" ", "");
  },
  Switch: switchFn,
  ToLower(a, ctx, present) {
    const s = str(a[0], ctx);
    if (s === null) return null;
    const culture = a.length > 1 && present[1] ? str(a[1], ctx) : null;
    if (!culture) return s.toLowerCase();
    try {
      return s.toLocaleLowerCase(culture);
    } catch {
      throw new EvaluationError(`unknown culture ${JSON.stringify(culture)} (use a name such as en-US)`, "ToLower");
    }
  },
  ToUpper(a, ctx, present) {
    const s = str(a[0], ctx);
    if (s === null) return null;
    const culture = a.length > 1 && present[1] ? str(a[1], ctx) : null;
    if (!culture) return s.toUpperCase();
    try {
      return s.toLocaleUpperCase(culture);
    } catch {
      throw new EvaluationError(`unknown culture ${JSON.stringify(culture)} (use a name such as en-US)`, "ToUpper");
    }
  },
  Word(a, ctx) {
    const s = str(a[0], ctx);
    const n = asInteger(a[1](ctx), "Word", "WordNumber");
    const delimiters = str(a[2], ctx) ?? "";
    if (s === null || n === null || n < 1) return "";
    let count = 0;
    let i = 0;
    while (i < s.length) {
      while (i < s.length && delimiters.includes(s[i])) i++;
      if (i >= s.length) break;
      const start = i;
      while (i < s.length && !delimiters.includes(s[i])) i++;
      if (++count === n) return s.slice(start, i);
    }
    return "";
  },
};
