import { describe, expect, it } from "vitest";
import { buildScimResource } from "./build-scim-resource";
import { readScimValue } from "./read-scim-value";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("readScimValue", () => {
  const resource = {
    id: "1",
    UserName: "ada@example.com",
    name: { GivenName: "Ada" },
    emails: [
      { type: "home", value: "ada@home" },
      { type: "Work", value: "ada@work", primary: true },
    ],
    roles: [{ primary: true, value: "Admin" }],
    ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"]: {
      Department: "Eng",
      manager: { value: "m1", displayName: "Boss" },
    },
    active: false,
    nothing: null,
  };
  it("reads what buildScimResource writes, ignoring attribute-name case", () => {
    expect(readScimValue(resource, "userName")).toBe("ada@example.com");
    expect(readScimValue(resource, "name.givenName")).toBe("Ada");
    expect(readScimValue(resource, 'emails[type eq "work"].value')).toBe("ada@work");
    expect(readScimValue(resource, 'roles[primary eq "True"].value')).toBe("Admin");
    expect(readScimValue(resource, "emails.value")).toBe("ada@work");
    expect(readScimValue(resource, `${ENT}:department`)).toBe("Eng");
    expect(readScimValue(resource, `${ENT}:manager`)).toBe("m1");
    expect(readScimValue(resource, `${ENT}:manager.displayName`)).toBe("Boss");
    expect(readScimValue(resource, "active")).toBe(false);
  });
  it("gives undefined where nothing is held", () => {
    expect(readScimValue(resource, 'emails[type eq "other"].value')).toBeUndefined();
    expect(readScimValue(resource, "name.familyName")).toBeUndefined();
    expect(readScimValue(resource, "nothing")).toBeUndefined();
    expect(readScimValue(resource, "urn:x:y:Ext:attr")).toBeUndefined();
    expect(readScimValue(null, "userName")).toBeUndefined();
  });
  it("round-trips every value built", () => {
    const values = {
      userName: "u",
      "name.givenName": "G",
      'emails[type eq "work"].value': "w@x",
      'phoneNumbers[type eq "mobile"].value': "1",
      [`${ENT}:department`]: "D",
      [`${ENT}:manager`]: "M",
    };
    const built = buildScimResource("User", values);
    for (const [path, value] of Object.entries(values)) expect(readScimValue(built, path)).toBe(value);
  });
});
