/**
 * Dates the way Entra's expression functions treat them: DateTime values are UTC instants (JS Date), read from
 * ISO 8601 or US-style strings, or with .NET custom format strings, and written as "M/d/yyyy h:mm:ss tt".
 */

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Entra's default output format for DateTime values: M/d/yyyy h:mm:ss tt, in UTC. */
export function formatEntraDateTime(d: Date): string {
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h12}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} ${h < 12 ? "AM" : "PM"}`;
}

function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || m > 59 || s > 59) return null;
  const d = new Date(Date.UTC(year, month - 1, day, h, m, s, ms));
  d.setUTCFullYear(year);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d;
}

function offsetMinutes(text: string | undefined): number {
  if (!text || text === "Z" || text === "z") return 0;
  const sign = text[0] === "-" ? -1 : 1;
  const digits = text.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, digits.length > 2 ? digits.length - 2 : digits.length));
  const minutes = digits.length > 2 ? Number(digits.slice(-2)) : 0;
  return sign * (hours * 60 + minutes);
}

const fraction = (f: string | undefined) => (f ? Math.floor(Number("0." + f) * 1000) : 0);

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?$/i;
const US =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM)?)?\s*(Z|[+-]\d{1,2}:?\d{2})?$/i;
const GENERALIZED = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?(Z|[+-]\d{4})?$/i;

/**
 * Reads a date/time string as CDate does: ISO 8601 ("2009-06-15T01:45:30-07:00", "2020-03-16-07:00"),
 * US style ("8/25/2021 5:41:18 PM", as Now() writes it) or LDAP generalized time ("20150123105347.1Z").
 * Times without an offset are UTC. Returns null when the text is not a date.
 */
export function parseDateTime(input: string): Date | null {
  const text = input.trim();
  let m = ISO.exec(text);
  if (m) {
    const d = utc(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, fraction(m[7]));
    return d && new Date(d.getTime() - offsetMinutes(m[8]) * 60_000);
  }
  m = US.exec(text);
  if (m) {
    let hour = m[4] ? +m[4] : 0;
    if (m[8]) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (m[8].toUpperCase() === "PM" ? 12 : 0);
    }
    const d = utc(+m[3], +m[1], +m[2], hour, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, fraction(m[7]));
    return d && new Date(d.getTime() - offsetMinutes(m[9]) * 60_000);
  }
  m = GENERALIZED.exec(text);
  if (m) {
    const d = utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], fraction(m[7]));
    return d && new Date(d.getTime() - offsetMinutes(m[8]) * 60_000);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// .NET custom date and time format strings (invariant culture)

type FormatToken = { kind: "field"; letter: string; count: number } | { kind: "literal"; text: string };

const STANDARD_FORMATS: Record<string, string> = {
  d: "MM/dd/yyyy",
  D: "dddd, dd MMMM yyyy",
  f: "dddd, dd MMMM yyyy HH:mm",
  F: "dddd, dd MMMM yyyy HH:mm:ss",
  g: "MM/dd/yyyy HH:mm",
  G: "MM/dd/yyyy HH:mm:ss",
  m: "MMMM dd",
  M: "MMMM dd",
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: "HH:mm",
  T: "HH:mm:ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: "dddd, dd MMMM yyyy HH:mm:ss",
  y: "yyyy MMMM",
  Y: "yyyy MMMM",
};

const FIELD_LETTERS = new Set(["d", "f", "F", "g", "h", "H", "K", "m", "M", "s", "t", "y", "z"]);
const tokenCache = new Map<string, FormatToken[]>();

/** Splits a .NET format string into fields and literals ('quoted', "quoted", \escaped, %x). */
export function tokenizeDateFormat(format: string): FormatToken[] {
  const cached = tokenCache.get(format);
  if (cached) return cached;
  let source = format;
  if (format.length === 1) {
    const standard = STANDARD_FORMATS[format];
    if (!standard) throw new Error(`"${format}" is not a known date format`);
    source = standard;
  }
  const tokens: FormatToken[] = [];
  const literal = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === "literal") last.text += text;
    else tokens.push({ kind: "literal", text });
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === "'" || c === '"') {
      const close = source.indexOf(c, i + 1);
      if (close === -1)
        throw new Error(`the quote at position ${i + 1} of the date format "${format}" is never closed`);
      literal(source.slice(i + 1, close));
      i = close + 1;
    } else if (c === "\\") {
      literal(source[i + 1] ?? "");
      i += 2;
    } else if (c === "%") {
      i++;
    } else if (FIELD_LETTERS.has(c)) {
      let count = 1;
      while (source[i + count] === c) count++;
      tokens.push({ kind: "field", letter: c, count });
      i += count;
    } else {
      literal(c);
      i++;
    }
  }
  if (tokenCache.size > 500) tokenCache.clear();
  tokenCache.set(format, tokens);
  return tokens;
}

/** Writes a UTC instant with a .NET custom (or one-letter standard) format string, invariant culture. */
export function formatDateTime(d: Date, format: string): string {
  let out = "";
  const tokens = tokenizeDateFormat(format);
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (token.kind === "literal") {
      out += token.text;
      continue;
    }
    const { letter, count } = token;
    switch (letter) {
      case "y": {
        const year = d.getUTCFullYear();
        out += count <= 2 ? pad(year % 100, count) : pad(year, count);
        break;
      }
      case "M": {
        const month = d.getUTCMonth();
        out += count >= 4 ? MONTHS[month] : count === 3 ? MONTHS[month].slice(0, 3) : pad(month + 1, count);
        break;
      }
      case "d": {
        out +=
          count >= 4 ? DAYS[d.getUTCDay()] : count === 3 ? DAYS[d.getUTCDay()].slice(0, 3) : pad(d.getUTCDate(), count);
        break;
      }
      case "H":
        out += pad(d.getUTCHours(), Math.min(count, 2));
        break;
      case "h": {
        const h = d.getUTCHours() % 12;
        out += pad(h === 0 ? 12 : h, Math.min(count, 2));
        break;
      }
      case "m":
        out += pad(d.getUTCMinutes(), Math.min(count, 2));
        break;
      case "s":
        out += pad(d.getUTCSeconds(), Math.min(count, 2));
        break;
      case "f":
      case "F": {
        // Only milliseconds are kept; further digits are zero.
        const digits = (pad(d.getUTCMilliseconds(), 3) + "0000").slice(0, Math.min(count, 7));
        if (letter === "f") out += digits;
        else {
          const trimmed = digits.replace(/0+$/, "");
          if (trimmed) out += trimmed;
          else if (out.endsWith(".")) out = out.slice(0, -1);
        }
        break;
      }
      case "t": {
        const ampm = d.getUTCHours() < 12 ? "AM" : "PM";
        out += count === 1 ? ampm[0] : ampm;
        break;
      }
      case "z":
        out += count === 1 ? "+0" : count === 2 ? "+00" : "+00:00";
        break;
      case "K":
        out += "Z";
        break;
      case "g":
        out += "A.D.";
        break;
    }
  }
  return out;
}

/**
 * Reads a date with a .NET custom format string, as DateTime.ParseExact with RoundtripKind, AllowLeadingWhite
 * and AllowTrailingWhite does on a UTC server: an offset in the text (z, zz, zzz, K) converts to UTC, no offset
 * means UTC. Returns null when the text does not match the format.
 */
export function parseDateTimeExact(input: string, format: string): Date | null {
  const text = input.trim();
  const tokens = tokenizeDateFormat(format);
  let pos = 0;
  let year = 1,
    month = 1,
    day = 1,
    hour = 0,
    minute = 0,
    second = 0,
    ms = 0;
  let pm: boolean | null = null;
  let offset = 0;

  const readDigits = (min: number, max: number): number | null => {
    let end = pos;
    while (end < text.length && end - pos < max && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end - pos < min) return null;
    const value = Number(text.slice(pos, end));
    pos = end;
    return value;
  };
  const readName = (names: string[], abbreviated: boolean): number | null => {
    for (let i = 0; i < names.length; i++) {
      const name = abbreviated ? names[i].slice(0, 3) : names[i];
      if (text.substr(pos, name.length).toLowerCase() === name.toLowerCase()) {
        pos += name.length;
        return i;
      }
    }
    return null;
  };

  for (const token of tokens) {
    if (token.kind === "literal") {
      for (const ch of token.text) {
        if (ch === " ") {
          if (text[pos] !== " ") return null;
          while (text[pos] === " ") pos++;
        } else if (text[pos] === ch) pos++;
        else return null;
      }
      continue;
    }
    const { letter, count } = token;
    let v: number | null;
    switch (letter) {
      case "y":
        v = count <= 2 ? readDigits(count === 1 ? 1 : 2, 2) : readDigits(count, Math.max(count, 4));
        if (v === null) return null;
        year = count <= 2 ? (v < 50 ? 2000 + v : 1900 + v) : v;
        break;
      case "M":
        v = count >= 3 ? readName(MONTHS, count === 3) : readDigits(count, 2);
        if (v === null) return null;
        month = count >= 3 ? v + 1 : v;
        break;
      case "d":
        if (count >= 3) {
          if (readName(DAYS, count === 3) === null) return null;
        } else {
          v = readDigits(count, 2);
          if (v === null) return null;
          day = v;
        }
        break;
      case "H":
      case "h":
        v = readDigits(Math.min(count, 2), 2);
        if (v === null) return null;
        hour = v;
        break;
      case "m":
        v = readDigits(Math.min(count, 2), 2);
        if (v === null) return null;
        minute = v;
        break;
      case "s":
        v = readDigits(Math.min(count, 2), 2);
        if (v === null) return null;
        second = v;
        break;
      case "f":
      case "F": {
        const start = pos;
        v = readDigits(letter === "f" ? count : 0, count);
        if (v === null) return null;
        const digits = text.slice(start, pos);
        ms = digits ? Math.floor(Number("0." + digits) * 1000) : 0;
        break;
      }
      case "t": {
        const part = text.substr(pos, count === 1 ? 1 : 2).toUpperCase();
        if (part[0] !== "A" && part[0] !== "P") return null;
        if (count > 1 && part[1] !== "M") return null;
        pm = part[0] === "P";
        pos += count === 1 ? 1 : 2;
        break;
      }
      case "z":
      case "K": {
        const m = /^(Z|[+-]\d{1,2}(?::?\d{2})?)/i.exec(text.slice(pos));
        if (!m) {
          if (letter === "K") break;
          return null;
        }
        offset = offsetMinutes(m[1].toUpperCase());
        pos += m[1].length;
        break;
      }
      case "g":
        if (readName(["A.D.", "AD"], false) === null) return null;
        break;
    }
  }
  if (pos !== text.length) return null;
  if (pm !== null) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const d = utc(year, month, day, hour, minute, second, ms);
  return d && new Date(d.getTime() - offset * 60_000);
}

// ---------------------------------------------------------------------------------------------------------------
// DateAdd and DateDiff intervals (VBA semantics)

export const DATE_INTERVALS = ["yyyy", "q", "m", "y", "d", "w", "ww", "h", "n", "s"] as const;

function addMonths(d: Date, months: number): Date {
  const r = new Date(d.getTime());
  const day = r.getUTCDate();
  r.setUTCDate(1);
  r.setUTCMonth(r.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
  r.setUTCDate(Math.min(day, lastDay));
  return r;
}

/** DateAdd: adds `value` intervals; months and years keep the day, clamped to the month's last day. */
export function dateAdd(interval: string, value: number, d: Date): Date | null {
  const n = Math.trunc(value);
  switch (interval.toLowerCase()) {
    case "yyyy":
      return addMonths(d, 12 * n);
    case "q":
      return addMonths(d, 3 * n);
    case "m":
      return addMonths(d, n);
    case "y":
    case "d":
    case "w":
      return new Date(d.getTime() + n * 86_400_000);
    case "ww":
      return new Date(d.getTime() + n * 7 * 86_400_000);
    case "h":
      return new Date(d.getTime() + n * 3_600_000);
    case "n":
      return new Date(d.getTime() + n * 60_000);
    case "s":
      return new Date(d.getTime() + n * 1_000);
    default:
      return null;
  }
}

const floorDiv = (a: number, b: number) => Math.floor(a / b);

/**
 * DateDiff: the number of interval boundaries crossed from d1 to d2, as VBA counts them (years and months by
 * calendar, "ww" by Sundays crossed, "w" by whole weeks, days, hours, minutes and seconds by boundaries).
 */
export function dateDiff(interval: string, d1: Date, d2: Date): number | null {
  const t1 = d1.getTime();
  const t2 = d2.getTime();
  switch (interval.toLowerCase()) {
    case "yyyy":
      return d2.getUTCFullYear() - d1.getUTCFullYear();
    case "q":
      return (
        (d2.getUTCFullYear() - d1.getUTCFullYear()) * 4 +
        (floorDiv(d2.getUTCMonth(), 3) - floorDiv(d1.getUTCMonth(), 3))
      );
    case "m":
      return (d2.getUTCFullYear() - d1.getUTCFullYear()) * 12 + (d2.getUTCMonth() - d1.getUTCMonth());
    case "y":
    case "d":
      return floorDiv(t2, 86_400_000) - floorDiv(t1, 86_400_000);
    case "w":
      return Math.trunc((floorDiv(t2, 86_400_000) - floorDiv(t1, 86_400_000)) / 7);
    case "ww":
      // 1970-01-01 was a Thursday: shift by 4 days so weeks start on Sunday.
      return floorDiv(floorDiv(t2, 86_400_000) + 4, 7) - floorDiv(floorDiv(t1, 86_400_000) + 4, 7);
    case "h":
      return floorDiv(t2, 3_600_000) - floorDiv(t1, 3_600_000);
    case "n":
      return floorDiv(t2, 60_000) - floorDiv(t1, 60_000);
    case "s":
      return floorDiv(t2, 1_000) - floorDiv(t1, 1_000);
    default:
      return null;
  }
}

// Active Directory dates: 100-nanosecond intervals since 1601-01-01 UTC.
const FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000n;

export function dateFromFileTime(value: bigint): Date {
  return new Date(Number((value - FILETIME_EPOCH_OFFSET) / 10_000n));
}

export function fileTimeFromDate(d: Date): bigint {
  return BigInt(d.getTime()) * 10_000n + FILETIME_EPOCH_OFFSET;
}
