import { validateExpression } from "../mapping/expression/parse-expression";
import type { MappingObjectType } from "./source-attributes";
import { sourceAttributesFor } from "./source-attributes";

export type MappingRowForCheck = {
  mappingType: string;
  source: string;
  target: string;
  matchingPrecedence?: number | null;
};

/**
 * The rules that span rows of one object type's mappings, shared by the editor (as the admin edits) and the
 * server (before saving): a Direct source is a directory attribute, so is every [attribute] an Expression
 * reads, each target is in the target's attribute
 * list and mapped once, matching precedences are unique, and at least one mapping matches objects.
 * Returns messages keyed "mappings.<row>.<field>", plus "_form" for rules about the whole table.
 */
export function checkMappingRows(opts: {
  objectType: MappingObjectType;
  rows: MappingRowForCheck[];
  targetAttributeNames: string[];
  /** Off when group provisioning is disabled: nothing is matched then. */
  requireMatching: boolean;
}): Record<string, string> {
  const { objectType, rows, targetAttributeNames, requireMatching } = opts;
  const errors: Record<string, string> = {};
  const sources = new Set(sourceAttributesFor(objectType));
  const targets = new Set(targetAttributeNames);
  const seenTarget = new Map<string, number>();
  const seenPrecedence = new Map<number, number>();
  const kind = objectType === "User" ? "user" : "group";

  rows.forEach((row, i) => {
    if (row.mappingType === "Direct" && !sources.has(row.source.trim())) {
      errors[`mappings.${i}.source`] =
        `${JSON.stringify(row.source)} is not a ${kind} attribute of the source directory.`;
    }
    if (row.mappingType === "Expression") {
      const v = validateExpression(row.source, { attributes: sourceAttributesFor(objectType) });
      if (!v.ok) errors[`mappings.${i}.source`] = `Line ${v.error.line}, column ${v.error.column}: ${v.error.message}`;
    }
    const target = row.target.trim();
    if (!targets.has(target)) {
      errors[`mappings.${i}.target`] =
        `${JSON.stringify(target)} is not in the target's attribute list. Add it with "Edit attribute list" first.`;
    } else {
      const key = target.toLowerCase();
      const first = seenTarget.get(key);
      if (first !== undefined) {
        errors[`mappings.${i}.target`] =
          `${target} is already mapped (row ${first + 1}). Each target attribute can be mapped once.`;
      } else seenTarget.set(key, i);
    }
    const p = row.matchingPrecedence;
    if (p !== null && p !== undefined) {
      const first = seenPrecedence.get(p);
      if (first !== undefined) {
        errors[`mappings.${i}.matchingPrecedence`] =
          `Matching precedence ${p} is already used by row ${first + 1}. Give each matching attribute its own precedence.`;
      } else seenPrecedence.set(p, i);
    }
  });

  if (requireMatching && seenPrecedence.size === 0) {
    errors._form = `At least one mapping must match ${kind}s: turn on "Match objects using this attribute" for one of them (for example userName or displayName).`;
  }
  return errors;
}
