import { Prisma } from "@prisma/client";
import type { Column, ColumnType } from "./dialect";

const TYPES: Record<string, ColumnType> = {
  String: "text",
  Int: "int",
  Float: "float",
  Boolean: "bool",
  DateTime: "timestamp",
};

/**
 * The named columns of a model with their types, from Prisma's data model (one source for both databases).
 * Throws on a name the model does not have, so a renamed field fails at once, not in a statement.
 */
export function modelColumns(model: Prisma.ModelName, names: readonly string[]): Column[] {
  const fields = Prisma.dmmf.datamodel.models.find((m) => m.name === model)?.fields;
  if (!fields) throw new Error(`Unknown model ${model}`);
  return names.map((name) => {
    const f = fields.find((x) => x.name === name && (x.kind === "scalar" || x.kind === "enum"));
    const type = f && TYPES[f.type];
    if (!type) throw new Error(`${model} has no column ${name} of a known type`);
    return { name, type };
  });
}
