import { compileExpression, defaultRandom, type CompiledExpression } from "./expression/compile-expression";
import { EvaluationError, ExpressionError } from "./expression/expression-error";
import { isNullOrEmpty, NOT_SENT, toOutputValue } from "./expression/values";
import { readAttribute, type SourceObject } from "./source-object";

export type { SourceObject } from "./source-object";

export type MappingDef = {
  mappingType: "Direct" | "Constant" | "Expression";
  /** Source attribute (Direct), the literal value (Constant) or the expression text (Expression). */
  source: string;
  /** Target attribute path, e.g. "userName" or `emails[type eq "work"].value`. */
  target: string;
  /** Sent on Create when the mapping gives null or an empty value. */
  defaultValue?: string | null;
  applyOn: "Always" | "CreateOnly";
  matchingPrecedence?: number | null;
};

export type MappingResult = {
  /** Target path -> value (null = no value). */
  values: Record<string, unknown>;
  /** Targets not to send: IgnoreFlowIfNullOrEmpty, or CreateOnly mappings on Update. */
  notSent: string[];
  errors: { target: string; message: string }[];
  /** Targets whose expression used Redact(): show "[Redact]" for them in provisioning logs. */
  redacted?: string[];
};

export type EvaluateMappingsOptions = {
  source: SourceObject;
  mappings: MappingDef[];
  operation: "Create" | "Update";
  now?: Date;
  /** Random numbers in [0, 1) for Guid() and RandomString() (tests). */
  random?: () => number;
};

function errorMessage(m: MappingDef, e: unknown): string {
  if (e instanceof ExpressionError) {
    return `Expression error at line ${e.line}, column ${e.column}: ${e.message}`;
  }
  if (e instanceof EvaluationError) return e.message;
  return `Could not evaluate ${JSON.stringify(m.source)}: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * Applies attribute mappings to one source object, as Entra does: Direct copies the attribute (a multi-valued
 * attribute stays an array), Constant sends its literal text, Expression evaluates. The default value applies
 * only on Create when the result is null or empty. CreateOnly mappings are not sent on Update. A failing
 * mapping is reported in `errors` and does not stop the others.
 */
export function evaluateMappings(opts: EvaluateMappingsOptions): MappingResult {
  const { source, mappings, operation } = opts;
  const now = opts.now ?? new Date();
  const random = opts.random ?? defaultRandom;
  const values: Record<string, unknown> = {};
  const notSent: string[] = [];
  const errors: { target: string; message: string }[] = [];
  let redacted: string[] | undefined;
  const isCreate = operation === "Create";

  for (let i = 0; i < mappings.length; i++) {
    const m = mappings[i];
    if (!isCreate && m.applyOn === "CreateOnly") {
      notSent.push(m.target);
      continue;
    }
    let value: unknown;
    try {
      if (m.mappingType === "Direct") {
        value = toOutputValue(readAttribute(source, m.source));
      } else if (m.mappingType === "Constant") {
        value = m.source;
      } else {
        const compiled: CompiledExpression = compileExpression(m.source);
        const outcome = compiled.run(source, now, random);
        if (outcome.redacted) (redacted ??= []).push(m.target);
        if (outcome.value === NOT_SENT) {
          notSent.push(m.target);
          continue;
        }
        value = outcome.value;
      }
    } catch (e) {
      errors.push({ target: m.target, message: errorMessage(m, e) });
      continue;
    }
    if (isCreate && m.defaultValue != null && isNullOrEmpty(value)) value = m.defaultValue;
    values[m.target] = value;
  }
  const result: MappingResult = { values, notSent, errors };
  if (redacted) result.redacted = redacted;
  return result;
}
