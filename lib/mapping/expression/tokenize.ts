import { ExpressionError } from "./expression-error";

export type TokenKind =
  "String" | "Number" | "Attribute" | "Identifier" | "LParen" | "RParen" | "Comma" | "Minus" | "Compare" | "End";

export type Token = { kind: TokenKind; value: string; start: number; end: number };

export const MAX_EXPRESSION_LENGTH = 10_000;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c);
const isHexDigit = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * Splits an expression into tokens. Strings are double-quoted with `\` escaping `"` and `\`
 * (any other `\x` is kept as written, so regular expressions such as "\d" survive). Numbers are decimal
 * (`7`, `-10`, `1.5`) or VBA hex (`&HF7`). Attributes are `[name]`.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0) {
      i++;
      continue;
    }
    const start = i;
    if (c === 34 /* " */) {
      let value = "";
      i++;
      let closed = false;
      while (i < n) {
        const ch = text[i];
        if (ch === "\\" && i + 1 < n) {
          const next = text[i + 1];
          value += next === '"' || next === "\\" ? next : ch + next;
          i += 2;
          continue;
        }
        if (ch === '"') {
          closed = true;
          i++;
          break;
        }
        value += ch;
        i++;
      }
      if (!closed) {
        throw new ExpressionError(
          'This string is never closed: add a " at its end (write \\" for a quotation mark inside a string)',
          start,
          text,
          n - start,
        );
      }
      tokens.push({ kind: "String", value, start, end: i });
      continue;
    }
    if (c === 91 /* [ */) {
      const close = text.indexOf("]", i + 1);
      const nextOpen = text.indexOf("[", i + 1);
      if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
        throw new ExpressionError("This attribute is never closed: add a ] after its name", start, text);
      }
      const name = text.slice(i + 1, close).trim();
      if (name === "") throw new ExpressionError("An attribute name is missing between [ and ]", start, text, 2);
      i = close + 1;
      tokens.push({ kind: "Attribute", value: name, start, end: i });
      continue;
    }
    if (c === 93 /* ] */) {
      throw new ExpressionError("Unexpected ]: attributes are written [attributeName]", start, text);
    }
    if (isDigit(c)) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text[i] === "." && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      tokens.push({ kind: "Number", value: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === 38 /* & */ && (text[i + 1] === "H" || text[i + 1] === "h")) {
      i += 2;
      while (i < n && isHexDigit(text.charCodeAt(i))) i++;
      if (i === start + 2)
        throw new ExpressionError("A hex number needs digits after &H (for example &HF7)", start, text, 2);
      tokens.push({ kind: "Number", value: text.slice(start, i), start, end: i });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      tokens.push({ kind: "Identifier", value: text.slice(start, i), start, end: i });
      continue;
    }
    switch (text[i]) {
      case "(":
        tokens.push({ kind: "LParen", value: "(", start, end: ++i });
        continue;
      case ")":
        tokens.push({ kind: "RParen", value: ")", start, end: ++i });
        continue;
      case ",":
        tokens.push({ kind: "Comma", value: ",", start, end: ++i });
        continue;
      case "-":
        tokens.push({ kind: "Minus", value: "-", start, end: ++i });
        continue;
      case "=":
        tokens.push({ kind: "Compare", value: "=", start, end: ++i });
        continue;
      case "<": {
        const next = text[i + 1];
        const op = next === ">" ? "<>" : next === "=" ? "<=" : "<";
        i += op.length;
        tokens.push({ kind: "Compare", value: op, start, end: i });
        continue;
      }
      case ">": {
        const op = text[i + 1] === "=" ? ">=" : ">";
        i += op.length;
        tokens.push({ kind: "Compare", value: op, start, end: i });
        continue;
      }
      case "'":
      case "\u201c":
      case "\u201d":
        throw new ExpressionError('Strings are written in straight double quotes: "text"', start, text);
      default:
        throw new ExpressionError(`Unexpected character ${JSON.stringify(text[i])}`, start, text);
    }
  }
  tokens.push({ kind: "End", value: "", start: n, end: n });
  return tokens;
}
