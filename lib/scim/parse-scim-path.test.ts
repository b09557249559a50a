import { describe, expect, it } from "vitest";
import { parseScimPath } from "./parse-scim-path";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("parseScimPath", () => {
  it("understands plain, dotted, filtered and extension paths", () => {
    expect(parseScimPath("userName")).toEqual({
      attribute: "userName",
      schema: undefined,
      filter: undefined,
      subAttribute: undefined,
    });
    expect(parseScimPath("name.givenName")).toMatchObject({ attribute: "name", subAttribute: "givenName" });
    expect(parseScimPath('emails[type eq "work"].value')).toMatchObject({
      attribute: "emails",
      filter: [{ attribute: "type", value: "work" }],
      subAttribute: "value",
    });
    expect(parseScimPath(`${ENT}:department`)).toMatchObject({ schema: ENT, attribute: "department" });
    expect(parseScimPath(`${ENT}:manager.displayName`)).toMatchObject({
      schema: ENT,
      attribute: "manager",
      subAttribute: "displayName",
    });
    expect(parseScimPath("urn:ietf:params:scim:schemas:core:2.0:User:userName")).toMatchObject({
      schema: undefined,
      attribute: "userName",
    });
    expect(parseScimPath('addresses[type eq "work" and primary eq true].locality').filter).toEqual([
      { attribute: "type", value: "work" },
      { attribute: "primary", value: true },
    ]);
    expect(parseScimPath('emails[type eq "a and b"].value').filter).toEqual([{ attribute: "type", value: "a and b" }]);
  });
  it("refuses what it does not understand, with an admin-readable message", () => {
    expect(() => parseScimPath('emails[type co "work"].value')).toThrow(/only "attribute eq value"/);
    expect(() => parseScimPath("")).toThrow(/empty/);
    expect(() => parseScimPath("emails[type eq work].value")).toThrow(/not a value/);
    expect(() => parseScimPath("na me")).toThrow(/not an attribute name/);
  });
});
