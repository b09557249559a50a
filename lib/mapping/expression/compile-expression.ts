import type { SourceObject } from "../source-object";
import type { CompareOp, ExpressionAst, ExpressionNode } from "./ast";
import { parseDateTime } from "./date-time";
import { FUNCTION_IMPLS, type EvalContext, type Thunk } from "./functions";
import { parseExpression } from "./parse-expression";
import { NOT_SENT, toBool, toNumber, toOutputValue, toStr, type NotSent, type Value } from "./values";

export type EvaluateOptions = {
  /** The clock for Now() (default: the current time). */
  now?: Date;
  /** Random numbers in [0, 1) for Guid() and RandomString() (default: crypto-grade). */
  random?: () => number;
};

export type EvaluationOutcome = {
  /** The value to send (null = no value), or NOT_SENT when the target attribute must not be sent. */
  value: unknown | NotSent;
  /** Redact() was used: show the value as [Redact] in logs. */
  redacted: boolean;
};

/** An expression turned into nested closures once, then run on many objects without re-walking the tree. */
export type CompiledExpression = {
  ast: ExpressionAst;
  run(source: SourceObject, now: Date, random: () => number): EvaluationOutcome;
};

const UNDEFINED_THUNK: Thunk = () => null;
const hasOwn = Object.prototype.hasOwnProperty;

function compare(op: CompareOp, l: Value, r: Value): boolean {
  // Entra: a condition on a null or empty value fails, whatever the operator.
  if (
    l === null ||
    l === undefined ||
    r === null ||
    r === undefined ||
    l === "" ||
    (Array.isArray(l) && l.length === 0)
  ) {
    return false;
  }
  let c: number;
  if (l instanceof Date || r instanceof Date) {
    const a = l instanceof Date ? l : parseDateTime(toStr(l) ?? "");
    const b = r instanceof Date ? r : parseDateTime(toStr(r) ?? "");
    if (!a || !b) return false;
    c = a.getTime() - b.getTime();
  } else if (typeof l === "boolean" || typeof r === "boolean") {
    const a = toBool(l);
    const b = toBool(r);
    if (a === null || b === null) return false;
    c = Number(a) - Number(b);
  } else {
    const a = toNumber(l);
    const b = toNumber(r);
    if (a !== null && b !== null) c = a - b;
    else {
      const sa = toStr(l) ?? "";
      const sb = toStr(r) ?? "";
      c = sa === sb ? 0 : sa < sb ? -1 : 1;
    }
  }
  switch (op) {
    case "=":
      return c === 0;
    case "<>":
      return c !== 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
  }
}

function compileNode(node: ExpressionNode): Thunk {
  switch (node.kind) {
    case "String": {
      const v = node.value;
      return () => v;
    }
    case "Number": {
      const v = node.value;
      return () => v;
    }
    case "Boolean": {
      const v = node.value;
      return () => v;
    }
    case "CompareMode": {
      const v = node.name;
      return () => v;
    }
    case "Empty":
      return UNDEFINED_THUNK;
    case "Attribute": {
      const name = node.name;
      const lower = name.toLowerCase();
      return (ctx) => {
        const source = ctx.source;
        if (hasOwn.call(source, name)) return source[name] ?? null;
        for (const key in source) {
          if (key.length === name.length && key.toLowerCase() === lower) return source[key] ?? null;
        }
        return null;
      };
    }
    case "Compare": {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      const op = node.op;
      return (ctx) => compare(op, left(ctx), right(ctx));
    }
    case "Call": {
      const impl = FUNCTION_IMPLS[node.name];
      const args = node.args.map(compileNode);
      const present = node.args.map((a) => a.kind !== "Empty");
      return (ctx) => impl(args, ctx, present);
    }
  }
}

const defaultRandom = (): number => {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0] / 4294967296;
};

export function compileAst(ast: ExpressionAst): CompiledExpression {
  const root = compileNode(ast.root);
  return {
    ast,
    run(source, now, random) {
      const ctx: EvalContext = { source, now, random, ignoreFlow: false, redacted: false };
      const v = root(ctx);
      return { value: ctx.ignoreFlow ? NOT_SENT : toOutputValue(v), redacted: ctx.redacted };
    },
  };
}

// Parsed and compiled expressions by text; a failed parse is remembered as its error.
const cache = new Map<string, CompiledExpression | Error>();
const MAX_CACHED = 5_000;

/** Parses and compiles an expression once per distinct text (throws ExpressionError on a syntax error). */
export function compileExpression(text: string): CompiledExpression {
  const hit = cache.get(text);
  if (hit !== undefined) {
    if (hit instanceof Error) throw hit;
    return hit;
  }
  let entry: CompiledExpression | Error;
  try {
    entry = compileAst(parseExpression(text));
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    entry = e;
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(text, entry);
  if (entry instanceof Error) throw entry;
  return entry;
}

export { defaultRandom };
