import { Prisma } from "@prisma/client";
import { sqliteDate } from "./sqlite-values";

type Converter = (row: Record<string, unknown>) => Record<string, unknown>;
const converters = new Map<string, Converter>();

/**
 * Turns a row read with plain SQL into the shape Prisma returns for the model: Boolean columns as booleans,
 * DateTime columns as Dates, every scalar field present (null when absent). Driven by Prisma's own data
 * model, so a schema change needs no second list here.
 */
export function toPrismaRow<T>(model: Prisma.ModelName, row: Record<string, unknown>): T {
  let convert = converters.get(model);
  if (!convert) {
    const fields = Prisma.dmmf.datamodel.models
      .find((m) => m.name === model)
      ?.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
    if (!fields) throw new Error(`Unknown model ${model}`);
    const plan = fields.map((f) => ({ name: f.name, type: f.type }));
    convert = (r) => {
      const out: Record<string, unknown> = {};
      for (const { name, type } of plan) {
        const v = r[name];
        if (v === null || v === undefined) out[name] = null;
        else if (type === "Boolean") out[name] = v === 1 || v === true || v === "1" || v === "true";
        else if (type === "DateTime") out[name] = sqliteDate(v);
        else out[name] = v;
      }
      return out;
    };
    converters.set(model, convert);
  }
  return convert(row) as T;
}
