import { AppError } from "../errors";

/**
 * An import file's bytes as text. Entra's bulk-create template and Graph JSON are UTF-8, and so are the
 * files we expect; Excel's "Unicode text" and some editors write UTF-16. So:
 * - a byte order mark decides (UTF-8, UTF-16 LE or BE), and UTF-16 without one is recognised by its zero
 *   bytes (every other byte of ASCII text);
 * - otherwise the file must be valid UTF-8. A file that is not is refused, naming the line and the byte,
 *   rather than decoded as Windows-1252: that guess would turn other legacy encodings (Windows-1250,
 *   Shift-JIS, ...) into wrong names without a word, and those would be provisioned to every target.
 *   Saving as "CSV UTF-8" in Excel is one step.
 */
export function decodeImportFile(bytes: Uint8Array): string {
  const { encoding, markBytes } = detectImportEncoding(bytes);
  const body = bytes.subarray(markBytes);
  return encoding === "utf-8" ? utf8(body) : utf16(body, encoding);
}

/** The encoding decodeImportFile will read a file in (the import page uses it to preview the first bytes). */
export function detectImportEncoding(bytes: Uint8Array): {
  encoding: "utf-8" | "utf-16le" | "utf-16be";
  markBytes: number;
} {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", markBytes: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", markBytes: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", markBytes: 2 };
  return { encoding: utf16WithoutMark(bytes) ?? "utf-8", markBytes: 0 };
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = lineOf(bytes, at);
    const byte = `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, "0")}`;
    const asLatin1 = new TextDecoder("windows-1252").decode(line.bytes).trim().slice(0, 60);
    throw new AppError(
      "import.wrong_encoding",
      `The file is not UTF-8: line ${line.number} has the byte ${byte}, which is not valid UTF-8. It was probably saved as Windows-1252 or Latin-1 (read that way, the line starts "${asLatin1}"). Save it as "CSV UTF-8 (Comma delimited)" in Excel, or as UTF-8 in your editor, and import it again.`,
    );
  }
}

function utf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new AppError(
      "import.bad_encoding",
      `The file looks like UTF-16 (${encoding === "utf-16le" ? "little" : "big"}-endian) but is not valid UTF-16 text. Save it as "CSV UTF-8 (Comma delimited)" and import it again.`,
    );
  }
}

/** Text files without a mark: mostly-ASCII UTF-16 has a zero in every other byte. */
function utf16WithoutMark(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return "utf-16be";
  return null;
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let len = 0;
    let min = 0;
    if (c < 0x80) len = 1;
    else if (c >= 0xc2 && c <= 0xdf) [len, min] = [2, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [len, min] = [3, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [len, min] = [4, 0x10000];
    else return i;
    if (len === 1) {
      i++;
      continue;
    }
    let cp = c & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return Math.max(0, b.length - 1);
}

function lineOf(b: Uint8Array, at: number): { number: number; bytes: Uint8Array } {
  let number = 1;
  let start = 0;
  for (let i = 0; i < at; i++) {
    if (b[i] === 0x0a) {
      number++;
      start = i + 1;
    }
  }
  let end = b.indexOf(0x0a, at);
  if (end < 0) end = b.length;
  return { number, bytes: b.subarray(start, end) };
}
