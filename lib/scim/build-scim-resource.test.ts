import { describe, expect, it } from "vitest";
import { buildScimResource, CORE_GROUP_SCHEMA, CORE_USER_SCHEMA } from "./build-scim-resource";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("buildScimResource", () => {
  it("turns mapping paths into a user with core and extension schemas", () => {
    const r = buildScimResource("User", {
      userName: "ada@example.com",
      active: true,
      "name.givenName": "Ada",
      "name.familyName": "Lovelace",
      'emails[type eq "work"].value': "ada@example.com",
      'emails[type eq "work"].primary': true,
      'phoneNumbers[type eq "mobile"].value': "+1 555",
      'phoneNumbers[type eq "work"].value': null,
      'roles[primary eq "True"].value': "Admin",
      [`${ENT}:department`]: "Engineering",
      [`${ENT}:manager`]: "mgr-1",
      externalId: undefined,
    });
    expect(r).toEqual({
      schemas: [CORE_USER_SCHEMA, ENT],
      userName: "ada@example.com",
      active: true,
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [{ type: "work", value: "ada@example.com", primary: true }],
      phoneNumbers: [{ type: "mobile", value: "+1 555" }],
      roles: [{ primary: true, value: "Admin" }],
      [ENT]: { department: "Engineering", manager: { value: "mgr-1" } },
    });
  });
  it("leaves the extension schema out when no extension attribute has a value", () => {
    const r = buildScimResource("User", { userName: "a", [`${ENT}:department`]: null });
    expect(r.schemas).toEqual([CORE_USER_SCHEMA]);
    expect(r[ENT]).toBeUndefined();
  });
  it("sends active as a boolean even when the mapping yields the text True/False", () => {
    expect(buildScimResource("User", { userName: "a", active: "False" }).active).toBe(false);
    expect(buildScimResource("User", { userName: "a", active: "true" }).active).toBe(true);
    expect(buildScimResource("User", { userName: "a", displayName: "False" }).displayName).toBe("False");
  });
  it("builds groups with members as complex values", () => {
    expect(buildScimResource("Group", { displayName: "Sales", externalId: "g1", members: ["u1", "u2"] })).toEqual({
      schemas: [CORE_GROUP_SCHEMA],
      displayName: "Sales",
      externalId: "g1",
      members: [{ value: "u1" }, { value: "u2" }],
    });
  });
});
