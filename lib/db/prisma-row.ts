import { Prisma } from "@prisma/client";

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
        else if (type === "DateTime") out[name] = dbDate(v);
        else out[name] = v;
      }
      return out;
    };
    converters.set(model, convert);
  }
  return convert(row) as T;
}

/**
 * A DateTime column as a driver returns it: a Date (PostgreSQL), or SQLite's text: Prisma's ISO form
 * ("2026-11-23T03:22:33.309+00:00"), CURRENT_TIMESTAMP's ("2026-11-23 03:22:33", UTC), or milliseconds.
 */
export function dbDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  const text = String(v);
  if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text)) return new Date(`${text.replace(" ", "T")}Z`);
  return new Date(text);
}
