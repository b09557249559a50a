import { SCOPING_OPERATOR_INFO, isScopingOperator, SCOPING_OPERATORS } from "./scoping-operators";
import { regexError } from "../mapping/expression/regex-cache";

export type ScopingClause = { attribute: string; operator: string; value?: string | null };

export const INTEGER_PATTERN = /^[+-]?\d+$/;

/**
 * Why a scoping clause cannot be saved, or null when it can: an unknown operator, a missing attribute or
 * value, an invalid regular expression (with the reason), or a non-integer value where one is needed.
 */
export function validateScopingClause(clause: ScopingClause): string | null {
  if (!clause.attribute || clause.attribute.trim() === "") return "Choose a source attribute.";
  if (!isScopingOperator(clause.operator)) {
    return `Unknown operator ${JSON.stringify(clause.operator)}. Use one of: ${SCOPING_OPERATORS.join(", ")}.`;
  }
  const info = SCOPING_OPERATOR_INFO[clause.operator];
  const value = clause.value ?? "";
  if (!info.takesValue) return null;
  if (value === "") return `${clause.operator} needs a value to compare ${clause.attribute} with.`;
  if (info.integerValue && !INTEGER_PATTERN.test(value.trim())) {
    return `${clause.operator} compares integers: ${JSON.stringify(value)} is not an integer.`;
  }
  if (info.regexValue) {
    const reason = regexError(value);
    if (reason) return `Invalid regular expression: ${reason}.`;
  }
  return null;
}
