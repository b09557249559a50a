import { describe, expect, it } from "vitest";
import { evaluateScopingClause, evaluateScopingFilters, explainScopingFilters } from "./evaluate-scoping-filters";
import { SCOPING_OPERATORS, SCOPING_OPERATOR_INFO } from "./scoping-operators";

const user = {
  userPrincipalName: "jdoe@contoso.com",
  department: "Sales",
  state: "New York",
  jobTitle: "",
  mail: null,
  employeeId: "1500000",
  accountEnabled: true,
  IsSoftDeleted: false,
  flags: 514,
  flagsText: "514",
  proxyAddresses: ["SMTP:jdoe@contoso.com", "smtp:john@fabrikam.com"],
  emptyList: [],
  name: "Zoë Ångström",
};

type Row = [attribute: string, operator: string, value: string | null, expected: boolean];

describe("every operator", () => {
  const rows: Row[] = [
    ["department", "EQUALS", "Sales", true],
    ["department", "EQUALS", "sales", false],
    ["department", "EQUALS", "Marketing", false],
    ["name", "EQUALS", "Zoë Ångström", true],
    ["accountEnabled", "EQUALS", "true", true],
    ["flags", "EQUALS", "514", true],
    ["mail", "EQUALS", "x", false],
    ["missing", "EQUALS", "", false],
    ["jobTitle", "EQUALS", "", false],

    ["department", "NOT EQUALS", "Marketing", true],
    ["department", "NOT EQUALS", "Sales", false],
    ["department", "NOT EQUALS", "sales", true],
    ["mail", "NOT EQUALS", "x", false],
    ["missing", "NOT EQUALS", "x", false],
    ["jobTitle", "NOT EQUALS", "x", false],

    ["accountEnabled", "IS TRUE", null, true],
    ["IsSoftDeleted", "IS TRUE", null, false],
    ["department", "IS TRUE", null, false],
    ["missing", "IS TRUE", null, false],

    ["IsSoftDeleted", "IS FALSE", null, true],
    ["accountEnabled", "IS FALSE", null, false],
    ["missing", "IS FALSE", null, false],
    ["mail", "IS FALSE", null, false],

    ["mail", "IS NULL", null, true],
    ["missing", "IS NULL", null, true],
    ["jobTitle", "IS NULL", null, true],
    ["emptyList", "IS NULL", null, true],
    ["department", "IS NULL", null, false],
    ["IsSoftDeleted", "IS NULL", null, false],

    ["department", "IS NOT NULL", null, true],
    ["IsSoftDeleted", "IS NOT NULL", null, true],
    ["mail", "IS NOT NULL", null, false],
    ["jobTitle", "IS NOT NULL", null, false],
    ["missing", "IS NOT NULL", null, false],

    ["userPrincipalName", "REGEX MATCH", ".*\\@contoso.com", true],
    ["userPrincipalName", "REGEX MATCH", "\\@contoso.com", false],
    ["userPrincipalName", "REGEX MATCH", ".*@CONTOSO.COM", false],
    ["employeeId", "REGEX MATCH", "(1[0-9][0-9][0-9][0-9][0-9][0-9])", true],
    ["employeeId", "REGEX MATCH", "([1-9][0-9])", false],
    ["name", "REGEX MATCH", "Zo. .*", true],
    ["mail", "REGEX MATCH", ".*", false],
    ["jobTitle", "REGEX MATCH", ".*", false],

    ["userPrincipalName", "NOT REGEX MATCH", ".*\\@contoso.com", false],
    ["userPrincipalName", "NOT REGEX MATCH", ".*\\@fabrikam.com", true],
    ["mail", "NOT REGEX MATCH", "x", false],
    ["missing", "NOT REGEX MATCH", "x", false],

    ["employeeId", "Greater_Than", "1000000", true],
    ["employeeId", "Greater_Than", "1500000", false],
    ["flags", "Greater_Than", "513", true],
    ["flags", "Greater_Than", "-1", true],
    ["department", "Greater_Than", "1", false],
    ["mail", "Greater_Than", "0", false],

    ["employeeId", "Greater_Than_OR_EQUALS", "1500000", true],
    ["employeeId", "Greater_Than_OR_EQUALS", "1500001", false],
    ["flags", "Greater_Than_OR_EQUALS", "514", true],
    ["missing", "Greater_Than_OR_EQUALS", "0", false],

    ["department", "Includes", "ale", true],
    ["department", "Includes", "ALE", false],
    ["proxyAddresses", "Includes", "fabrikam", true],
    ["proxyAddresses", "Includes", "northwind", false],
    ["name", "Includes", "Ång", true],
    ["mail", "Includes", "", false],
    ["emptyList", "Includes", "x", false],

    ["userPrincipalName", "ENDS_WITH", "@contoso.com", true],
    ["userPrincipalName", "ENDS_WITH", "@CONTOSO.COM", false],
    ["proxyAddresses", "ENDS_WITH", "@fabrikam.com", true],
    ["missing", "ENDS_WITH", "x", false],

    ["flags", "&", "2", true],
    ["flags", "&", "1", false],
    ["flagsText", "&", "512", true],
    ["department", "&", "1", false],
    ["mail", "&", "1", false],

    ["flags", "!&", "1", true],
    ["flags", "!&", "2", false],
    ["flagsText", "!&", "4", true],
    ["department", "!&", "1", false],
    ["missing", "!&", "1", false],

    ["department", "LIKE", "Sales", false],
  ];

  it.each(rows)("%s %s %s -> %s", (attribute, operator, value, expected) => {
    expect(evaluateScopingClause({ attribute, operator, value }, user)).toBe(expected);
  });

  it("covers every operator in the list", () => {
    const tested = new Set(rows.map((r) => r[1]));
    for (const op of SCOPING_OPERATORS) expect(tested.has(op), op).toBe(true);
    expect(Object.keys(SCOPING_OPERATOR_INFO)).toEqual([...SCOPING_OPERATORS]);
  });
});

describe("evaluateScopingFilters", () => {
  const newYorkSales = {
    title: "New York sales",
    clauses: [
      { attribute: "state", operator: "EQUALS", value: "New York" },
      { attribute: "department", operator: "EQUALS", value: "Sales" },
    ],
  };
  const engineers = { clauses: [{ attribute: "department", operator: "EQUALS", value: "Engineering" }] };

  it("is in scope with no filters", () => {
    expect(evaluateScopingFilters([], user)).toBe(true);
  });
  it("ANDs the clauses of a filter", () => {
    expect(evaluateScopingFilters([newYorkSales], user)).toBe(true);
    expect(evaluateScopingFilters([newYorkSales], { ...user, state: "Texas" })).toBe(false);
  });
  it("ORs filters", () => {
    expect(evaluateScopingFilters([engineers, newYorkSales], user)).toBe(true);
    expect(evaluateScopingFilters([engineers], user)).toBe(false);
    expect(evaluateScopingFilters([engineers, newYorkSales], { ...user, department: "Engineering", state: null })).toBe(
      true,
    );
  });
  it("treats a clause on a null attribute as false, except IS NULL", () => {
    const nullDepartment = { ...user, department: null };
    expect(evaluateScopingFilters([newYorkSales], nullDepartment)).toBe(false);
    expect(
      evaluateScopingFilters(
        [{ clauses: [{ attribute: "department", operator: "NOT EQUALS", value: "Sales" }] }],
        nullDepartment,
      ),
    ).toBe(false);
    expect(
      evaluateScopingFilters([{ clauses: [{ attribute: "department", operator: "IS NULL" }] }], nullDepartment),
    ).toBe(true);
  });
  it("matches Entra's documented example: New York, Engineering, employee ID between 1,000,000 and 2,000,000, a job title", () => {
    const filter = {
      clauses: [
        { attribute: "state", operator: "EQUALS", value: "New York" },
        { attribute: "department", operator: "EQUALS", value: "Engineering" },
        { attribute: "employeeId", operator: "Greater_Than_OR_EQUALS", value: "1000000" },
        { attribute: "employeeId", operator: "REGEX MATCH", value: "(1[0-9]{6})|2000000" },
        { attribute: "jobTitle", operator: "IS NOT NULL" },
      ],
    };
    const engineer = { ...user, department: "Engineering", jobTitle: "Developer" };
    expect(evaluateScopingFilters([filter], engineer)).toBe(true);
    expect(evaluateScopingFilters([filter], { ...engineer, employeeId: "2000001" })).toBe(false);
    expect(evaluateScopingFilters([filter], { ...engineer, jobTitle: null })).toBe(false);
  });
});

describe("explainScopingFilters", () => {
  it("says which clause of each filter failed and why", () => {
    const result = explainScopingFilters(
      [
        {
          title: "Sales in Texas",
          clauses: [
            { attribute: "department", operator: "EQUALS", value: "Sales" },
            { attribute: "state", operator: "EQUALS", value: "Texas" },
          ],
        },
        { clauses: [{ attribute: "mail", operator: "IS NOT NULL" }] },
      ],
      user,
    );
    expect(result.inScope).toBe(false);
    expect(result.filters).toEqual([
      {
        index: 0,
        title: "Sales in Texas",
        passed: false,
        failedClause: {
          index: 1,
          attribute: "state",
          operator: "EQUALS",
          value: "Texas",
          actual: "New York",
          reason: 'state is "New York"',
        },
      },
      {
        index: 1,
        title: null,
        passed: false,
        failedClause: {
          index: 0,
          attribute: "mail",
          operator: "IS NOT NULL",
          value: null,
          actual: null,
          reason: "mail has no value",
        },
      },
    ]);
    expect(result.summary).toBe(
      'Out of scope: "Sales in Texas": clause 2 (state EQUALS "Texas") is false because state is "New York"; ' +
        "filter 2: clause 1 (mail IS NOT NULL) is false because mail has no value.",
    );
  });

  it("names the filter that put the object in scope", () => {
    const result = explainScopingFilters(
      [
        { clauses: [{ attribute: "department", operator: "EQUALS", value: "Engineering" }] },
        { title: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] },
      ],
      user,
    );
    expect(result.inScope).toBe(true);
    expect(result.summary).toBe('In scope: "Sales" matched.');
    expect(result.filters.map((f) => f.passed)).toEqual([false, true]);
    expect(explainScopingFilters([], user)).toMatchObject({ inScope: true, filters: [] });
  });

  it("explains a clause on an empty attribute", () => {
    const result = explainScopingFilters(
      [{ clauses: [{ attribute: "mail", operator: "ENDS_WITH", value: "@contoso.com" }] }],
      user,
    );
    expect(result.filters[0].failedClause?.reason).toBe("mail has no value, and a clause on an empty value is false");
  });
});
