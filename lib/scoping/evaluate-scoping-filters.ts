import { readAttribute, type SourceObject } from "../mapping/source-object";
import { isScopingOperator, type ScopingOperator } from "./scoping-operators";
import { scopingRegexMatches } from "./scoping-regex";
import { INTEGER_PATTERN, type ScopingClause } from "./validate-scoping-clause";

export type ScopingFilter = { title?: string | null; clauses: ScopingClause[] };

/** A single (non-list) attribute value as text: booleans "True"/"False", numbers in decimal. */
function scalarText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.displayName === "string") return o.displayName;
    if (typeof o.value === "string") return o.value;
  }
  return String(v);
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
}

function toBigInt(v: unknown): bigint | null {
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : null;
  if (typeof v === "bigint") return v;
  if (typeof v === "string" && INTEGER_PATTERN.test(v.trim())) return BigInt(v.trim());
  return null;
}

function toBoolean(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    return t === "true" ? true : t === "false" ? false : null;
  }
  return null;
}

/** One value against a binary operator (positive form: EQUALS, REGEX MATCH, Greater_Than, Includes, ENDS_WITH, &). */
function testValue(op: ScopingOperator, v: unknown, value: string, attribute: string): boolean {
  switch (op) {
    case "EQUALS":
    case "NOT EQUALS": {
      if (typeof v === "boolean") return toBoolean(value) === v;
      if (typeof v === "number") {
        const n = toBigInt(value);
        return n !== null && Number.isInteger(v) ? BigInt(v) === n : String(v) === value;
      }
      return scalarText(v) === value;
    }
    case "REGEX MATCH":
    case "NOT REGEX MATCH": {
      const text = scalarText(v);
      return text !== null && scopingRegexMatches(value, text, attribute);
    }
    case "Greater_Than":
    case "Greater_Than_OR_EQUALS": {
      const a = toBigInt(v);
      const b = toBigInt(value);
      if (a === null || b === null) return false;
      return op === "Greater_Than" ? a > b : a >= b;
    }
    case "Includes": {
      const text = scalarText(v);
      return text !== null && text.includes(value);
    }
    case "ENDS_WITH": {
      const text = scalarText(v);
      return text !== null && text.endsWith(value);
    }
    case "&":
    case "!&": {
      const a = toBigInt(v);
      const b = toBigInt(value);
      return a !== null && b !== null && (a & b) !== 0n;
    }
    default:
      return false;
  }
}

const NEGATED: ReadonlySet<string> = new Set(["NOT EQUALS", "NOT REGEX MATCH", "!&"]);

/**
 * One clause, with Entra's null semantics: a clause on a null, missing or empty attribute is false, except
 * IS NULL (true) and IS NOT NULL (false). On a multi-valued attribute, a positive operator holds when any value
 * satisfies it, and a negated one (NOT EQUALS, NOT REGEX MATCH, !&) when no value satisfies its positive form.
 * An unknown operator is false.
 */
export function evaluateScopingClause(clause: ScopingClause, source: SourceObject): boolean {
  const v = readAttribute(source, clause.attribute);
  const op = clause.operator;
  if (op === "IS NULL") return isEmpty(v);
  if (op === "IS NOT NULL") return !isEmpty(v);
  if (isEmpty(v) || !isScopingOperator(op)) return false;
  if (op === "IS TRUE" || op === "IS FALSE") {
    const b = toBoolean(Array.isArray(v) ? (v.length === 1 ? v[0] : null) : v);
    return b === (op === "IS TRUE");
  }
  const value = clause.value ?? "";
  // Integer operators on a non-integer attribute are false, negated or not.
  if (op === "!&" && !Array.isArray(v) && toBigInt(v) === null) return false;
  const values = Array.isArray(v) ? v : null;
  let any = false;
  if (values) {
    for (const item of values) {
      if (!isEmpty(item) && testValue(op, item, value, clause.attribute)) {
        any = true;
        break;
      }
    }
  } else {
    any = testValue(op, v, value, clause.attribute);
  }
  return NEGATED.has(op) ? !any : any;
}

/** Whether an object is in scope: no filters means in scope; filters are ORed, their clauses ANDed. */
export function evaluateScopingFilters(filters: ScopingFilter[], source: SourceObject): boolean {
  if (filters.length === 0) return true;
  for (const filter of filters) {
    let pass = true;
    for (const clause of filter.clauses) {
      if (!evaluateScopingClause(clause, source)) {
        pass = false;
        break;
      }
    }
    if (pass) return true;
  }
  return false;
}

export type ScopingExplanation = {
  inScope: boolean;
  /** For the Scope step of a provisioning log entry. */
  summary: string;
  filters: {
    index: number;
    title: string | null;
    passed: boolean;
    /** The first clause that was false (clauses are ANDed, so one is enough). */
    failedClause: {
      index: number;
      attribute: string;
      operator: string;
      value: string | null;
      /** The attribute's value on the object, as text (null when it has none). */
      actual: string | null;
      reason: string;
    } | null;
  }[];
};

function describeActual(v: unknown): string | null {
  if (isEmpty(v)) return null;
  if (Array.isArray(v)) return JSON.stringify(v.map(scalarText));
  return scalarText(v);
}

function describeClause(c: ScopingClause): string {
  return c.value === undefined || c.value === null || c.value === ""
    ? `${c.attribute} ${c.operator}`
    : `${c.attribute} ${c.operator} ${JSON.stringify(c.value)}`;
}

/** As evaluateScopingFilters, and says which filter passed or which clause of each filter failed. */
export function explainScopingFilters(filters: ScopingFilter[], source: SourceObject): ScopingExplanation {
  if (filters.length === 0) {
    return { inScope: true, summary: "In scope: no scoping filters are configured.", filters: [] };
  }
  const results: ScopingExplanation["filters"] = [];
  let inScope = false;
  for (let f = 0; f < filters.length; f++) {
    const filter = filters[f];
    let failed: ScopingExplanation["filters"][number]["failedClause"] = null;
    for (let c = 0; c < filter.clauses.length; c++) {
      const clause = filter.clauses[c];
      if (evaluateScopingClause(clause, source)) continue;
      const actual = describeActual(readAttribute(source, clause.attribute));
      const reason = !isScopingOperator(clause.operator)
        ? `${JSON.stringify(clause.operator)} is not a scoping operator`
        : actual === null && clause.operator !== "IS NOT NULL"
          ? `${clause.attribute} has no value, and a clause on an empty value is false`
          : actual === null
            ? `${clause.attribute} has no value`
            : `${clause.attribute} is ${JSON.stringify(actual)}`;
      failed = {
        index: c,
        attribute: clause.attribute,
        operator: clause.operator,
        value: clause.value ?? null,
        actual,
        reason,
      };
      break;
    }
    const passed = failed === null;
    if (passed) inScope = true;
    results.push({ index: f, title: filter.title ?? null, passed, failedClause: failed });
  }
  const name = (r: ScopingExplanation["filters"][number]) => (r.title ? `"${r.title}"` : `filter ${r.index + 1}`);
  let summary: string;
  if (inScope) {
    const passed = results.find((r) => r.passed)!;
    summary = `In scope: ${name(passed)} matched.`;
  } else {
    const parts = results.map((r) => {
      const fc = r.failedClause!;
      return `${name(r)}: clause ${fc.index + 1} (${describeClause(filters[r.index].clauses[fc.index])}) is false because ${fc.reason}`;
    });
    summary = `Out of scope: ${parts.join("; ")}.`;
  }
  return { inScope, summary, filters: results };
}
