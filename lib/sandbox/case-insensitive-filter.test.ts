import SCIMMY from "scimmy";
import { describe, expect, it } from "vitest";
import { matchFilter, prepareFilter } from "./case-insensitive-filter";
import { normalisePatchBody, normaliseResourceBody } from "./normalize-scim-request";
import { ensureScimmyDeclared } from "./scimmy-resources";
import type { ScimObject } from "./sandbox-store";

ensureScimmyDeclared();
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const users: ScimObject[] = [
  {
    id: "1",
    userName: "Ann.Lee@Contoso.com",
    externalId: "AL",
    displayName: "Ann Lee",
    emails: [{ type: "work", value: "Ann.Lee@Contoso.com" }],
    [ENTERPRISE]: { department: "Sales" },
  },
  { id: "2", userName: "bo@contoso.com", externalId: "al", displayName: "Bo", active: false },
];
const match = (filter: string) => {
  const definition = SCIMMY.Schemas.User.definition;
  return matchFilter(definition, prepareFilter(definition, new SCIMMY.Types.Filter(filter)), users).map((u) => u.id);
};

describe("case-insensitive filter matching", () => {
  it("compares caseExact=false attributes case-insensitively and caseExact ones exactly", () => {
    expect(match('userName eq "ANN.LEE@contoso.com"')).toEqual(["1"]);
    expect(match('displayName sw "ann"')).toEqual(["1"]);
    expect(match('emails.value eq "ann.lee@contoso.com"')).toEqual(["1"]);
    expect(match('externalId eq "AL"')).toEqual(["1"]);
    expect(match('externalId eq "al"')).toEqual(["2"]);
    expect(match('id eq "2"')).toEqual(["2"]);
  });

  it("resolves enterprise extension paths and keeps the other operators", () => {
    expect(match(`${ENTERPRISE}:department eq "SALES"`)).toEqual(["1"]);
    expect(match('active eq false or userName co "ANN"')).toEqual(["1", "2"]);
    expect(match('not (userName ew "CONTOSO.COM")')).toEqual([]);
    expect(match('emails[type eq "work"]')).toEqual(["1"]); // user 2 has no emails: no match, no error
  });

  it("finds an index hint for a single eq on an indexed attribute", () => {
    const definition = SCIMMY.Schemas.User.definition;
    expect(prepareFilter(definition, new SCIMMY.Types.Filter('userName eq "X@Y.com"')).hint).toEqual({
      attribute: "userName",
      value: "x@y.com",
    });
    expect(prepareFilter(definition, new SCIMMY.Types.Filter('externalId eq "Ab"')).hint).toEqual({
      attribute: "externalId",
      value: "Ab",
    });
    expect(
      prepareFilter(definition, new SCIMMY.Types.Filter('userName eq "a" or userName eq "b"')).hint,
    ).toBeUndefined();
    expect(prepareFilter(definition, new SCIMMY.Types.Filter('userName co "a"')).hint).toBeUndefined();
  });
});

describe("request normalisation for Entra", () => {
  it("lower-cases PATCH ops and turns boolean strings into booleans", () => {
    const body = normalisePatchBody("User", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Replace", path: "active", value: "False" },
        { op: "Add", value: { active: "TRUE", displayName: "True" } },
        { op: "Remove", path: 'emails[type eq "work"]' },
        { op: "replace", path: 'emails[type eq "work"].primary', value: "true" },
      ],
    }) as { Operations: Array<Record<string, unknown>> };
    expect(body.Operations.map((o) => o.op)).toEqual(["replace", "add", "remove", "replace"]);
    expect(body.Operations[0].value).toBe(false);
    expect(body.Operations[1].value).toEqual({ active: true, displayName: "True" });
    expect("value" in body.Operations[2]).toBe(false);
    expect(body.Operations[3].value).toBe(true);
  });

  it("turns boolean strings into booleans in POST and PUT bodies, leaving other strings alone", () => {
    expect(
      normaliseResourceBody("User", {
        userName: "false",
        active: "False",
        emails: [{ value: "a@b", primary: "True" }],
      }),
    ).toEqual({
      userName: "false",
      active: false,
      emails: [{ value: "a@b", primary: true }],
    });
    expect(normaliseResourceBody("User", { active: "maybe" })).toEqual({ active: "maybe" });
  });
});
