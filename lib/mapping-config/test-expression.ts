import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { evaluateExpressionDetailed } from "../mapping/expression/evaluate-expression";
import { EvaluationError, ExpressionError } from "../mapping/expression/expression-error";
import { isNotSent, isNullOrEmpty, toOutputValue } from "../mapping/expression/values";
import { readAttribute } from "../mapping/source-object";
import { groupSourceObject, loadAssignmentScope, loadMemberIds, userSourceObject } from "../sync/store/load-source";
import { parseExpression } from "../mapping/expression/parse-expression";
import { loadJobForApplication } from "./load-job-for-application";
import { sourceAttributesFor } from "./source-attributes";
import { mappingObjectTypeSchema } from "./mapping-config-schemas";

export const testExpressionInput = z.object({
  applicationId: z.string().min(1),
  objectType: mappingObjectTypeSchema,
  principalId: z.string().min(1, "Choose a user to test on."),
  mappingType: z.enum(["Direct", "Constant", "Expression"]),
  source: z.string().max(10_000, "An expression has at most 10,000 characters."),
  defaultValue: z.string().nullish(),
});

export type ExpressionTestResult = {
  principal: { id: string; name: string; detail: string };
  outcome:
    | { kind: "value"; value: string; json: boolean; redacted: boolean }
    | { kind: "null" }
    | { kind: "notSent" }
    | { kind: "error"; message: string };
  /** The default value is sent on create because the value is null or empty. */
  defaultApplies: string | null;
};

/**
 * "Test expression": evaluates a mapping the admin is editing (not yet saved) on one directory user or group,
 * exactly as the engine would read it (same source object, app roles from this application's assignments).
 * Nothing is written and nothing is sent.
 */
export async function testExpression(input: z.input<typeof testExpressionInput>): Promise<ExpressionTestResult> {
  const { applicationId, objectType, principalId, mappingType, source, defaultValue } =
    testExpressionInput.parse(input);
  await loadJobForApplication(applicationId);
  const assignments = await loadAssignmentScope(applicationId);
  let principal: ExpressionTestResult["principal"];
  let object: Record<string, unknown>;
  if (objectType === "User") {
    const row = await prisma.directoryUser.findUnique({ where: { id: principalId } });
    if (!row) throw new AppError("test.not_found", "That user is no longer in the directory. Choose another.");
    principal = { id: row.id, name: row.displayName, detail: row.userPrincipalName };
    object = userSourceObject(row, assignments.userRoles.get(row.id) ?? [], row.deletedAt !== null);
  } else {
    const row = await prisma.directoryGroup.findUnique({ where: { id: principalId } });
    if (!row) throw new AppError("test.not_found", "That group is no longer in the directory. Choose another.");
    const members = (await loadMemberIds([row.id])).get(row.id) ?? [];
    principal = { id: row.id, name: row.displayName, detail: `${members.length} members` };
    object = groupSourceObject({ row, members }, assignments.groupRoles.get(row.id) ?? [], row.deletedAt !== null);
  }

  let value: unknown;
  let redacted = false;
  try {
    if (mappingType === "Direct") value = toOutputValue(readAttribute(object, source.trim()));
    else if (mappingType === "Constant") value = source;
    else {
      // Unknown attribute names are errors here as in the editor, not a silent null.
      parseExpression(source, { attributes: sourceAttributesFor(objectType) });
      const outcome = evaluateExpressionDetailed(source, object);
      value = isNotSent(outcome.value) ? outcome.value : toOutputValue(outcome.value);
      redacted = outcome.redacted;
    }
  } catch (e) {
    const message =
      e instanceof ExpressionError
        ? `Line ${e.line}, column ${e.column}: ${e.message}`
        : e instanceof EvaluationError
          ? e.message
          : `The expression could not be evaluated: ${e instanceof Error ? e.message : String(e)}`;
    return { principal, outcome: { kind: "error", message }, defaultApplies: null };
  }
  if (isNotSent(value)) return { principal, outcome: { kind: "notSent" }, defaultApplies: null };
  const defaultApplies = defaultValue && isNullOrEmpty(value) ? defaultValue : null;
  if (value === null || value === undefined) return { principal, outcome: { kind: "null" }, defaultApplies };
  const json = typeof value !== "string";
  return {
    principal,
    outcome: { kind: "value", value: json ? JSON.stringify(value) : (value as string), json, redacted },
    defaultApplies,
  };
}
