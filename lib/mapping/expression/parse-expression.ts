import type { CompareOp, ExpressionAst, ExpressionNode } from "./ast";
import { ExpressionError } from "./expression-error";
import { DATE_INTERVALS, tokenizeDateFormat } from "./date-time";
import { regexError } from "./regex-cache";
import { closestName } from "./closest-name";
import { describeArity, FUNCTIONS_BY_NAME, suggestFunctionName, UNSUPPORTED_FUNCTIONS } from "./function-signatures";
import { MAX_EXPRESSION_LENGTH, tokenize, type Token } from "./tokenize";

const COMPARE_MODES = new Set(["vbTextCompare", "vbBinaryCompare"]);

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private fail(message: string, start: number, length = 1): never {
    throw new ExpressionError(message, start, this.text, length);
  }

  parseRoot(): ExpressionNode {
    const first = this.peek();
    if (first.kind === "End") this.fail("The expression is empty", 0);
    const node = this.parseArgument(true);
    const t = this.peek();
    if (t.kind !== "End") {
      if (t.kind === "RParen") this.fail("Unexpected ): there is no ( for it to close", t.start);
      if (t.kind === "Comma") this.fail("Unexpected , outside a function's parentheses", t.start);
      this.fail(`Unexpected ${describe(t)} after the end of the expression`, t.start, t.end - t.start);
    }
    return node;
  }

  /** operand [compareOp operand] */
  private parseArgument(root = false): ExpressionNode {
    const left = this.parseOperand(root);
    const t = this.peek();
    if (t.kind !== "Compare") return left;
    this.next();
    const right = this.parseOperand(false);
    return { kind: "Compare", op: t.value as CompareOp, left, right, start: left.start, end: right.end };
  }

  private parseOperand(root: boolean): ExpressionNode {
    const t = this.next();
    switch (t.kind) {
      case "String":
        return { kind: "String", value: t.value, start: t.start, end: t.end };
      case "Attribute":
        return { kind: "Attribute", name: t.value, start: t.start, end: t.end };
      case "Number":
        return numberNode(t.value, t.start, t.end);
      case "Minus": {
        const num = this.next();
        if (num.kind !== "Number") this.fail("A minus sign must be followed by a number", t.start);
        const node = numberNode(num.value, num.start, num.end);
        return { ...node, value: -node.value, raw: "-" + node.raw, start: t.start };
      }
      case "Identifier":
        return this.parseIdentifier(t);
      case "End":
        this.fail(root ? "The expression is empty" : "The expression ends too early: a value is missing", t.start);
      // eslint-disable-next-line no-fallthrough
      default:
        this.fail(`Unexpected ${describe(t)}: expected a function, an [attribute], a "string" or a number`, t.start);
    }
  }

  private parseIdentifier(t: Token): ExpressionNode {
    const name = t.value;
    if (this.peek().kind !== "LParen") {
      const lower = name.toLowerCase();
      if (lower === "true" || lower === "false") {
        return { kind: "Boolean", value: lower === "true", start: t.start, end: t.end };
      }
      if (COMPARE_MODES.has(name)) {
        return { kind: "CompareMode", name: name as "vbTextCompare" | "vbBinaryCompare", start: t.start, end: t.end };
      }
      if (FUNCTIONS_BY_NAME.has(name)) this.fail(`${name} is a function: write ${name}(…)`, t.start, name.length);
      this.fail(
        `Unknown name ${name}: write attributes in square brackets ([${name}]) and text in double quotes ("${name}")`,
        t.start,
        name.length,
      );
    }
    const signature = FUNCTIONS_BY_NAME.get(name);
    if (!signature) {
      const unsupported = UNSUPPORTED_FUNCTIONS.get(name);
      if (unsupported) this.fail(unsupported, t.start, name.length);
      const suggestion = suggestFunctionName(name);
      const hint =
        suggestion && suggestion.toLowerCase() === name.toLowerCase()
          ? ` Function names are case-sensitive: did you mean ${suggestion}?`
          : suggestion
            ? ` Did you mean ${suggestion}?`
            : "";
      this.fail(`Unknown function ${name}.${hint}`, t.start, name.length);
    }
    const open = this.next();
    const args: ExpressionNode[] = [];
    if (this.peek().kind === "RParen") {
      const close = this.next();
      return this.finishCall(t, args, close.end);
    }
    for (;;) {
      const p = this.peek();
      if (p.kind === "Comma" || p.kind === "RParen") {
        args.push({ kind: "Empty", start: p.start, end: p.start });
      } else if (p.kind === "End") {
        this.fail(`${name}( is never closed: add a ) to end its arguments`, open.start);
      } else {
        args.push(this.parseArgument());
      }
      const sep = this.next();
      if (sep.kind === "RParen") return this.finishCall(t, args, sep.end);
      if (sep.kind === "Comma") continue;
      if (sep.kind === "End") this.fail(`${name}( is never closed: add a ) to end its arguments`, open.start);
      this.fail(
        `Unexpected ${describe(sep)} in the arguments of ${name}: separate arguments with commas`,
        sep.start,
        sep.end - sep.start,
      );
    }
  }

  private finishCall(nameToken: Token, args: ExpressionNode[], end: number): ExpressionNode {
    const f = FUNCTIONS_BY_NAME.get(nameToken.value)!;
    const count = args.length;
    if (count < f.minArgs || count > f.maxArgs || (f.evenArgs && count % 2 !== 0)) {
      this.fail(`${f.signature} ${describeArity(f)}, got ${count}`, nameToken.start, nameToken.end - nameToken.start);
    }
    this.checkLiteralArguments(f.name, args);
    return { kind: "Call", name: f.name, nameEnd: nameToken.end, args, start: nameToken.start, end };
  }

  /** Arguments written as literals can be checked now, so the editor flags them as the admin types. */
  private checkLiteralArguments(name: string, args: ExpressionNode[]): void {
    const literal = (i: number) => {
      const node = args[i];
      return node && node.kind === "String" ? node : null;
    };
    if (name === "Replace") {
      const pattern = literal(2);
      if (pattern && pattern.value !== "") {
        const reason = regexError(pattern.value);
        if (reason) this.fail(`Invalid regular expression: ${reason}`, pattern.start, pattern.end - pattern.start);
      }
    }
    if (name === "DateAdd" || name === "DateDiff") {
      const interval = literal(0);
      if (interval && !(DATE_INTERVALS as readonly string[]).includes(interval.value.toLowerCase())) {
        this.fail(
          `Unknown interval ${JSON.stringify(interval.value)}: use yyyy, q, m, d, ww, h, n or s`,
          interval.start,
          interval.end - interval.start,
        );
      }
    }
    if (name === "FormatDateTime") {
      const formats = args.length === 3 ? [1, 2] : [2, 3];
      for (const i of formats) {
        const format = literal(i);
        if (!format || format.value === "") continue;
        try {
          tokenizeDateFormat(format.value);
        } catch (e) {
          this.fail(`Invalid date format: ${(e as Error).message}`, format.start, format.end - format.start);
        }
      }
    }
  }
}

function numberNode(raw: string, start: number, end: number): Extract<ExpressionNode, { kind: "Number" }> {
  const value = raw.startsWith("&") ? parseInt(raw.slice(2), 16) : Number(raw);
  return { kind: "Number", value, raw, start, end };
}

function describe(t: Token): string {
  switch (t.kind) {
    case "End":
      return "end of the expression";
    case "String":
      return `string ${JSON.stringify(t.value)}`;
    case "Attribute":
      return `attribute [${t.value}]`;
    case "Identifier":
      return t.value;
    default:
      return t.value;
  }
}

export type ParseOptions = {
  /**
   * The source attributes the expression may read. When given, an [attribute] not among them (letter case
   * aside, as Entra resolves names) is an error with the closest name as a suggestion: `[surnam]` would
   * otherwise read as null and the mistake would only show at the target.
   */
  attributes?: readonly string[];
};

/** The first [attribute] that is not one of `attributes`, as an error with a suggestion. */
function checkAttributes(text: string, root: ExpressionNode, attributes: readonly string[]): void {
  const known = new Set(attributes.map((a) => a.toLowerCase()));
  const visit = (node: ExpressionNode): void => {
    if (node.kind === "Attribute" && !known.has(node.name.toLowerCase())) {
      const suggestion = closestName(node.name, attributes);
      const hint = suggestion ? ` Did you mean [${suggestion}]?` : "";
      throw new ExpressionError(
        `Unknown attribute [${node.name}]: the source directory has no such attribute.${hint}`,
        node.start,
        text,
        node.end - node.start,
      );
    }
    if (node.kind === "Call") node.args.forEach(visit);
    if (node.kind === "Compare") {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(root);
}

/** Parses an expression into a syntax tree with source positions, or throws an ExpressionError. */
export function parseExpression(text: string, options: ParseOptions = {}): ExpressionAst {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      `The expression is ${text.length.toLocaleString("en-US")} characters long; the limit is ${MAX_EXPRESSION_LENGTH.toLocaleString("en-US")}`,
      MAX_EXPRESSION_LENGTH,
      text,
      text.length - MAX_EXPRESSION_LENGTH,
    );
  }
  const root = new Parser(text, tokenize(text)).parseRoot();
  if (options.attributes) checkAttributes(text, root, options.attributes);
  return { text, root };
}

export type ExpressionValidation =
  | { ok: true }
  | { ok: false; error: { message: string; position: number; length: number; line: number; column: number } };

/** For the editor: whether an expression parses, and if not where and why (never throws). */
export function validateExpression(text: string, options: ParseOptions = {}): ExpressionValidation {
  try {
    parseExpression(text, options);
    return { ok: true };
  } catch (e) {
    if (e instanceof ExpressionError) {
      return {
        ok: false,
        error: { message: e.message, position: e.position, length: e.length, line: e.line, column: e.column },
      };
    }
    throw e;
  }
}
