import { z } from "zod";
import { validateScopingClause } from "./validate-scoping-clause";

/** A scoping clause as admins save it: refused with the reason when its operator, value or regex is invalid. */
const scopingClauseSchema = z
  .object({
    attribute: z.string().trim().min(1, "Choose a source attribute."),
    operator: z.string().min(1, "Choose an operator."),
    value: z.string().nullish(),
  })
  .superRefine((clause, ctx) => {
    const reason = validateScopingClause(clause);
    if (reason) ctx.addIssue({ code: "custom", path: ["value"], message: reason });
  });

/** One scoping filter: its clauses are ANDed. An object's filters are ORed. */
const scopingFilterSchema = z.object({
  title: z.string().trim().max(200).nullish(),
  clauses: z.array(scopingClauseSchema).min(1, "A scoping filter needs at least one clause."),
});

export const scopingFiltersSchema = z.array(scopingFilterSchema);
