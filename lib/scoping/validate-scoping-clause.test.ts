import { describe, expect, it } from "vitest";
import { SCOPING_OPERATORS, SCOPING_OPERATOR_INFO } from "./scoping-operators";
import { validateScopingClause } from "./validate-scoping-clause";

describe("validateScopingClause", () => {
  it.each([
    [{ attribute: "department", operator: "EQUALS", value: "Sales" }, null],
    [{ attribute: "department", operator: "IS NULL" }, null],
    [{ attribute: "department", operator: "IS NOT NULL", value: null }, null],
    [{ attribute: "accountEnabled", operator: "IS TRUE" }, null],
    [{ attribute: "employeeId", operator: "Greater_Than", value: "1000000" }, null],
    [{ attribute: "employeeId", operator: "Greater_Than_OR_EQUALS", value: "-5" }, null],
    [{ attribute: "flags", operator: "&", value: "2" }, null],
    [{ attribute: "upn", operator: "REGEX MATCH", value: ".*\\@contoso.com" }, null],
    [{ attribute: "", operator: "EQUALS", value: "x" }, "Choose a source attribute."],
    [
      { attribute: "department", operator: "LIKE", value: "x" },
      `Unknown operator "LIKE". Use one of: ${SCOPING_OPERATORS.join(", ")}.`,
    ],
    [{ attribute: "department", operator: "EQUALS", value: "" }, "EQUALS needs a value to compare department with."],
    [{ attribute: "department", operator: "ENDS_WITH" }, "ENDS_WITH needs a value to compare department with."],
    [
      { attribute: "employeeId", operator: "Greater_Than", value: "1.5" },
      'Greater_Than compares integers: "1.5" is not an integer.',
    ],
    [
      { attribute: "employeeId", operator: "Greater_Than_OR_EQUALS", value: "ten" },
      'Greater_Than_OR_EQUALS compares integers: "ten" is not an integer.',
    ],
    [{ attribute: "flags", operator: "&", value: "0x2" }, '& compares integers: "0x2" is not an integer.'],
    [{ attribute: "flags", operator: "!&", value: "two" }, '!& compares integers: "two" is not an integer.'],
    [{ attribute: "upn", operator: "REGEX MATCH", value: "([a-z]" }, "Invalid regular expression: Unterminated group."],
    [
      { attribute: "upn", operator: "NOT REGEX MATCH", value: "*abc" },
      "Invalid regular expression: Nothing to repeat.",
    ],
  ])("%j -> %s", (clause, expected) => {
    expect(validateScopingClause(clause)).toBe(expected);
  });

  it("knows which operators take a value", () => {
    const unary = SCOPING_OPERATORS.filter((op) => !SCOPING_OPERATOR_INFO[op].takesValue);
    expect(unary).toEqual(["IS TRUE", "IS FALSE", "IS NULL", "IS NOT NULL"]);
    for (const op of SCOPING_OPERATORS) expect(SCOPING_OPERATOR_INFO[op].label.length).toBeGreaterThan(0);
  });
});
