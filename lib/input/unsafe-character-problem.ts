/**
 * Directory values are shown in the admin UI and sent to every target, so characters that do not print
 * are refused at the directory boundary (forms, imports, every lib/directory write): C0 and C1 control
 * characters (NUL, ESC, CR, LF, ...), DEL, the bidirectional embedding, override and isolate controls
 * (U+202A-U+202E, U+2066-U+2069: U+202E makes "Evil\u202Egnp.exe" read as "Evilexe.png"), line and
 * paragraph separators, a byte order mark inside text, and lone UTF-16 surrogates (no UTF-8 store can
 * hold one). Refused, not stripped: silently changing a name could merge two objects or hide what an
 * import really contained; the admin sees which value and which character. Multi-line attributes
 * (descriptions, street addresses) keep CR, LF and tab. The bidirectional marks LRM, RLM and ALM, which
 * Arabic and Hebrew names use, and ZWJ/ZWNJ, which many scripts and emoji need, are allowed.
 */
export function unsafeCharacterProblem(
  value: string,
  label: string,
  opts: { multiline?: boolean } = {},
): string | null {
  if (!value.isWellFormed()) {
    return `${label} contains a lone UTF-16 surrogate (such as \\ud800), which is not valid Unicode: remove it.`;
  }
  const pattern = opts.multiline ? MULTILINE_UNSAFE : SINGLE_LINE_UNSAFE;
  const match = pattern.exec(value);
  if (!match) return null;
  return `${label} contains ${describe(match[0])}, which is not allowed: remove it.`;
}

const SINGLE_LINE_UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029\uFEFF]/;
const MULTILINE_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/;

const NAMES: Record<string, string> = {
  "\u0000": "a NUL character",
  "\u001B": "an escape character",
  "\r": "a line break",
  "\n": "a line break",
  "\t": "a tab",
  "\u2028": "a line separator",
  "\u2029": "a paragraph separator",
  "\u202A": "a left-to-right embedding",
  "\u202B": "a right-to-left embedding",
  "\u202C": "a pop directional formatting character",
  "\u202D": "a left-to-right override",
  "\u202E": "a right-to-left override",
  "\u2066": "a left-to-right isolate",
  "\u2067": "a right-to-left isolate",
  "\u2068": "a first strong isolate",
  "\u2069": "a pop directional isolate",
  "\uFEFF": "a byte order mark",
};

function describe(ch: string): string {
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return `${NAMES[ch] ?? "an invisible control character"} (${code})`;
}
