import type { Dialect } from "./dialect";

/** A value a statement binds. Dates and booleans are turned into each database's form by its dialect. */
export type SqlParam = string | number | bigint | boolean | Date | null;

/** A value as it reaches the driver, after the dialect converted it (arrays only for PostgreSQL's ANY). */
export type BoundValue = string | number | bigint | boolean | null | (string | number | boolean | null)[];

type Part =
  | { kind: "text"; text: string }
  | { kind: "param"; value: SqlParam }
  | { kind: "list"; values: SqlParam[] }
  | { kind: "dialect"; render: (d: Dialect, bind: (v: BoundValue) => string) => string };

/**
 * A piece of SQL with its parameters, built by the `sql` template tag: every interpolated value is a bound
 * parameter, never text, and the placeholders (`?` or `$1`) are the dialect's, chosen only when the
 * statement is rendered. Fragments nest: `sql\`… WHERE ${cond}\`` with `cond` a Sql splices it in.
 */
const SQL_BRAND = Symbol.for("provisio.sql-fragment");

function isSqlFragment(v: unknown): boolean {
  return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[SQL_BRAND] === true;
}

export class Sql {
  readonly [SQL_BRAND] = true;
  /**
   * A guard: run() must see this statement change exactly this many rows, or it rolls the whole transaction
   * back and throws GuardFailedError (a conditional write: "insert unless the name is taken").
   */
  readonly expectChanges?: number;

  constructor(
    readonly parts: readonly Part[],
    expectChanges?: number,
  ) {
    if (expectChanges !== undefined) this.expectChanges = expectChanges;
  }

  /** The same statement as a guard that must change exactly `count` rows (see expectChanges). */
  expecting(count: number): Sql {
    return new Sql(this.parts, count);
  }

  /** The statement text and values for one database. */
  render(dialect: Dialect): { text: string; values: BoundValue[] } {
    const values: BoundValue[] = [];
    const bind = (v: BoundValue) => {
      values.push(v);
      return dialect.placeholder(values.length);
    };
    let text = "";
    for (const p of this.parts) {
      if (p.kind === "text") text += p.text;
      else if (p.kind === "param") text += bind(dialect.value(p.value));
      else if (p.kind === "list") text += p.values.map((v) => bind(dialect.value(v))).join(", ");
      else text += p.render(dialect, bind);
    }
    return { text, values };
  }
}

export function sql(strings: TemplateStringsArray, ...values: (SqlParam | Sql)[]): Sql {
  const parts: Part[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push({ kind: "text", text: s });
    if (i < values.length) {
      const v = values[i];
      // Not `instanceof`: a Next.js build can hold two copies of this module (one per bundle layer), and a
      // fragment from the other copy must still splice in, not become a parameter.
      if (v instanceof Sql || isSqlFragment(v)) parts.push(...(v as Sql).parts);
      else parts.push({ kind: "param", value: v });
    }
  });
  return new Sql(parts);
}

/** Fixed SQL text (never input). */
export function raw(text: string): Sql {
  return new Sql([{ kind: "text", text }]);
}

/** A quoted identifier: `"userPrincipalName"`. Names come from code, never from input; quotes are doubled anyway. */
export function ident(name: string): Sql {
  return raw(`"${name.replace(/"/g, '""')}"`);
}

/** Fragments joined by a separator (`, `, ` AND `). */
export function join(fragments: Sql[], separator: string): Sql {
  const parts: Part[] = [];
  fragments.forEach((f, i) => {
    if (i > 0) parts.push({ kind: "text", text: separator });
    parts.push(...f.parts);
  });
  return new Sql(parts);
}

/** Comma-separated parameters: `?, ?, ?` (for VALUES rows and short IN lists). */
export function list(values: SqlParam[]): Sql {
  return new Sql([{ kind: "list", values }]);
}

/** A fragment each dialect writes its own way (see dialect.ts). */
export function dialectSql(render: (d: Dialect, bind: (v: BoundValue) => string) => string): Sql {
  return new Sql([{ kind: "dialect", render }]);
}
