/**
 * Regular expressions written for .NET (as Entra's Replace and scoping filters take them), compiled once.
 * JavaScript reads the same syntax for what admins write in practice: classes, quantifiers, anchors and named
 * groups `(?<name>…)`. A leading `(?i)` becomes the case-insensitive flag.
 */
const cache = new Map<string, RegExp>();
const MAX_ENTRIES = 2_000;

export function compileDotNetRegex(pattern: string, flags = ""): RegExp {
  const key = flags + "\u0000" + pattern;
  let re = cache.get(key);
  if (re) return re;
  let source = pattern;
  let allFlags = flags;
  if (source.startsWith("(?i)")) {
    source = source.slice(4);
    if (!allFlags.includes("i")) allFlags += "i";
  }
  re = new RegExp(source, allFlags);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, re);
  return re;
}

/** The reason a pattern does not compile, or null when it does. */
export function regexError(pattern: string): string | null {
  try {
    compileDotNetRegex(pattern);
    return null;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // V8 says "Invalid regular expression: /(/: Unterminated group"; keep the reason only.
    const colon = message.lastIndexOf(": ");
    return colon === -1 ? message : message.slice(colon + 2);
  }
}
