import { describe, expect, it } from "vitest";
import zscalerTwo from "../templates/zscaler-two.json";
import { evaluateMappings, type MappingDef } from "./evaluate-mappings";

const direct = (source: string, target: string, extra: Partial<MappingDef> = {}): MappingDef => ({
  mappingType: "Direct",
  source,
  target,
  applyOn: "Always",
  ...extra,
});
const expression = (source: string, target: string, extra: Partial<MappingDef> = {}): MappingDef => ({
  mappingType: "Expression",
  source,
  target,
  applyOn: "Always",
  ...extra,
});

const user = {
  objectId: "11111111-2222-4333-8444-555555555555",
  userPrincipalName: "zoe@contoso.com",
  mailNickname: "zoe",
  givenName: "Zoë",
  surname: "Ångström",
  displayName: "Zoë Ångström",
  department: null,
  jobTitle: "",
  accountEnabled: true,
  IsSoftDeleted: false,
  proxyAddresses: ["SMTP:zoe@contoso.com", "smtp:z@contoso.com"],
  appRoleAssignments: [{ appRoleId: "r1", displayName: "User" }],
};

describe("evaluateMappings", () => {
  it("copies Direct attributes (multi-valued stay arrays), sends Constants literally and evaluates Expressions", () => {
    const result = evaluateMappings({
      source: user,
      operation: "Create",
      mappings: [
        direct("userPrincipalName", "userName"),
        direct("proxyAddresses", "emails"),
        direct("accountEnabled", "enabled"),
        direct("department", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
        direct("doesNotExist", "nickName"),
        { mappingType: "Constant", source: "Contoso", target: "organization", applyOn: "Always" },
        expression('Join("@", [mailNickname], "example.com")', "externalId"),
        expression("NormalizeDiacritics([displayName])", "displayName"),
      ],
    });
    expect(result).toEqual({
      values: {
        userName: "zoe@contoso.com",
        emails: ["SMTP:zoe@contoso.com", "smtp:z@contoso.com"],
        enabled: true,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": null,
        nickName: null,
        organization: "Contoso",
        externalId: "zoe@example.com",
        displayName: "Zoe Angstrom",
      },
      notSent: [],
      errors: [],
    });
  });

  it("maps Not([IsSoftDeleted]) to active: true for an active user, false for a soft-deleted one", () => {
    const mappings = [expression("Not([IsSoftDeleted])", "active")];
    expect(evaluateMappings({ source: user, mappings, operation: "Update" }).values).toEqual({ active: true });
    expect(
      evaluateMappings({ source: { ...user, IsSoftDeleted: true }, mappings, operation: "Update" }).values,
    ).toEqual({
      active: false,
    });
    const { IsSoftDeleted: _omitted, ...withoutFlag } = user;
    expect(evaluateMappings({ source: withoutFlag, mappings, operation: "Update" }).values).toEqual({ active: true });
  });

  it("applies the default value only on Create, and only when the result is null or empty", () => {
    const mappings = [
      direct("department", "department", { defaultValue: "Unassigned" }),
      direct("jobTitle", "title", { defaultValue: "Staff" }),
      direct("mailNickname", "nickName", { defaultValue: "unused" }),
      expression('Switch([department], "", "Sales", "S")', "code", { defaultValue: "N/A" }),
    ];
    expect(evaluateMappings({ source: user, mappings, operation: "Create" }).values).toEqual({
      department: "Unassigned",
      title: "Staff",
      nickName: "zoe",
      code: "N/A",
    });
    expect(evaluateMappings({ source: user, mappings, operation: "Update" }).values).toEqual({
      department: null,
      title: "",
      nickName: "zoe",
      code: "",
    });
  });

  it("sends CreateOnly mappings on Create and lists them as not sent on Update", () => {
    const mappings = [
      direct("userPrincipalName", "userName"),
      expression("Guid()", "password", { applyOn: "CreateOnly" }),
    ];
    const created = evaluateMappings({ source: user, mappings, operation: "Create", random: () => 0 });
    expect(created.values).toEqual({ userName: "zoe@contoso.com", password: "00000000-0000-4000-8000-000000000000" });
    expect(created.notSent).toEqual([]);
    const updated = evaluateMappings({ source: user, mappings, operation: "Update" });
    expect(updated.values).toEqual({ userName: "zoe@contoso.com" });
    expect(updated.notSent).toEqual(["password"]);
  });

  it("lists IgnoreFlowIfNullOrEmpty targets as not sent, and sends them when there is a value", () => {
    const mappings = [
      expression("IgnoreFlowIfNullOrEmpty([department])", "department", { defaultValue: "ignored" }),
      expression("IgnoreFlowIfNullOrEmpty([jobTitle])", "title"),
      expression("IgnoreFlowIfNullOrEmpty([mailNickname])", "nickName"),
    ];
    const result = evaluateMappings({ source: user, mappings, operation: "Create" });
    expect(result.values).toEqual({ nickName: "zoe" });
    expect(result.notSent).toEqual(["department", "title"]);
    expect(result.errors).toEqual([]);
  });

  it("reports a failing mapping in errors without stopping the others", () => {
    const result = evaluateMappings({
      source: user,
      operation: "Create",
      mappings: [
        direct("userPrincipalName", "userName"),
        expression('Jion("@", [mailNickname], "example.com")', "externalId"),
        expression("CDate([givenName])", "hireDate"),
        expression("ToUpper([mailNickname])", "nickName"),
      ],
    });
    expect(result.values).toEqual({ userName: "zoe@contoso.com", nickName: "ZOE" });
    expect(result.errors).toEqual([
      {
        target: "externalId",
        message: "Expression error at line 1, column 1: Unknown function Jion. Did you mean Join?",
      },
      {
        target: "hireDate",
        message: 'CDate: "Zoë" is not a date/time Provisio can read (use CDate or FormatDateTime)',
      },
    ]);
    // The cached parse error is reported again, the same way, on the next object.
    const again = evaluateMappings({
      source: user,
      operation: "Update",
      mappings: [expression('Jion("@", [mailNickname], "example.com")', "externalId")],
    });
    expect(again.errors).toHaveLength(1);
    expect(again.errors[0].message).toContain("Did you mean Join?");
  });

  it("evaluates the Zscaler Two default user mappings", () => {
    const mappings = zscalerTwo.userMappings.map((m) => ({ ...m, applyOn: "Always" as const })) as MappingDef[];
    const result = evaluateMappings({ source: { ...user, department: "Sales" }, mappings, operation: "Create" });
    expect(result).toEqual({
      values: {
        userName: "zoe@contoso.com",
        active: true,
        displayName: "Zoë Ångström",
        "name.givenName": "Zoë",
        "name.familyName": "Ångström",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Sales",
        externalId: "zoe",
      },
      notSent: [],
      errors: [],
    });
  });

  it("sends role values and formats DateTimes as Entra does", () => {
    const result = evaluateMappings({
      source: user,
      operation: "Create",
      now: new Date("2024-07-02T15:33:38Z"),
      mappings: [
        expression("SingleAppRoleAssignment([appRoleAssignments])", 'roles[primary eq "True"].value'),
        expression("AppRoleAssignmentsComplex([appRoleAssignments])", "roles"),
        expression("Now()", "lastSeen"),
        expression("Redact([userPrincipalName])", "secret"),
      ],
    });
    expect(result.values).toEqual({
      'roles[primary eq "True"].value': "User",
      roles: [{ primary: false, type: "WindowsAzureActiveDirectoryRole", displayName: "User", value: "User" }],
      lastSeen: "7/2/2024 3:33:38 PM",
      secret: "zoe@contoso.com",
    });
    expect(result.redacted).toEqual(["secret"]);
  });
});
