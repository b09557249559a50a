import { z } from "zod";
import { validateExpression } from "./expression/parse-expression";

/**
 * An attribute mapping as admins save it, for server actions and imports. An Expression mapping must parse;
 * its error (with line and column) is reported on `source`.
 */
export const mappingDefSchema = z
  .object({
    mappingType: z.enum(["Direct", "Constant", "Expression"]),
    source: z.string().trim().min(1, "Enter a source attribute, a constant or an expression."),
    target: z.string().trim().min(1, "Choose a target attribute."),
    defaultValue: z.string().nullish(),
    applyOn: z.enum(["Always", "CreateOnly"]).default("Always"),
    matchingPrecedence: z.number().int().positive().nullish(),
  })
  .superRefine((m, ctx) => {
    if (m.mappingType !== "Expression") return;
    const v = validateExpression(m.source);
    if (!v.ok) {
      ctx.addIssue({
        code: "custom",
        path: ["source"],
        message: `Line ${v.error.line}, column ${v.error.column}: ${v.error.message}`,
      });
    }
  });

export type MappingDefInput = z.input<typeof mappingDefSchema>;
