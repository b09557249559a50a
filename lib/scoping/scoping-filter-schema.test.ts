import { describe, expect, it } from "vitest";
import { mappingDefSchema } from "../mapping/mapping-def-schema";
import { scopingFiltersSchema } from "./scoping-filter-schema";

describe("scopingFiltersSchema", () => {
  it("accepts valid filters and refuses an invalid regex or integer with the reason", () => {
    expect(
      scopingFiltersSchema.safeParse([
        { title: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] },
      ]).success,
    ).toBe(true);
    const bad = scopingFiltersSchema.safeParse([
      {
        clauses: [
          { attribute: "upn", operator: "REGEX MATCH", value: "([a-z]" },
          { attribute: "employeeId", operator: "Greater_Than", value: "1.5" },
        ],
      },
    ]);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["0.clauses.0.value", "Invalid regular expression: Unterminated group."],
      ["0.clauses.1.value", 'Greater_Than compares integers: "1.5" is not an integer.'],
    ]);
    expect(scopingFiltersSchema.safeParse([{ clauses: [] }]).success).toBe(false);
  });
});

describe("mappingDefSchema", () => {
  it("checks expressions and reports the error on source with its line and column", () => {
    expect(
      mappingDefSchema.safeParse({
        mappingType: "Expression",
        source: 'Join("@", [mailNickname], "example.com")',
        target: "userName",
      }).success,
    ).toBe(true);
    const bad = mappingDefSchema.safeParse({ mappingType: "Expression", source: 'Jion("@", [a])', target: "userName" });
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["source", "Line 1, column 1: Unknown function Jion. Did you mean Join?"],
    ]);
    expect(mappingDefSchema.parse({ mappingType: "Direct", source: "mail", target: "emails" }).applyOn).toBe("Always");
  });
});
