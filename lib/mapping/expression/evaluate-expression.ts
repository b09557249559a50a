import type { SourceObject } from "../source-object";
import type { ExpressionAst } from "./ast";
import {
  compileAst,
  compileExpression,
  defaultRandom,
  type EvaluateOptions,
  type EvaluationOutcome,
} from "./compile-expression";
import type { NotSent } from "./values";

/**
 * Evaluates an expression (its text or a parsed tree) on one source object. Returns the value (null = no value;
 * DateTimes as "M/d/yyyy h:mm:ss tt" strings), or NOT_SENT when IgnoreFlowIfNullOrEmpty dropped the attribute.
 * Throws ExpressionError for a syntax error and EvaluationError when a function cannot compute its value.
 */
export function evaluateExpression(
  expression: string | ExpressionAst,
  source: SourceObject,
  opts: EvaluateOptions = {},
): unknown | NotSent {
  return evaluateExpressionDetailed(expression, source, opts).value;
}

/** As evaluateExpression, and also says whether Redact() was used (for Test expression and the logs). */
export function evaluateExpressionDetailed(
  expression: string | ExpressionAst,
  source: SourceObject,
  opts: EvaluateOptions = {},
): EvaluationOutcome {
  const compiled = typeof expression === "string" ? compileExpression(expression) : compileAst(expression);
  return compiled.run(source, opts.now ?? new Date(), opts.random ?? defaultRandom);
}
