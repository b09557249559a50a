import { describe, expect, it } from "vitest";
import { findTemplate, galleryTemplates } from "./gallery";

describe("gallery templates", () => {
  it("offers Zscaler Two, Zscaler One and a generic SCIM 2.0 application", () => {
    expect(galleryTemplates().map((t) => t.name)).toEqual(["Zscaler Two", "Zscaler One", "SCIM 2.0 application"]);
  });

  it("carries Entra's default Zscaler user mappings with userName as the matching attribute", () => {
    const t = findTemplate("zscaler-two");
    const byTarget = Object.fromEntries(t.userMappings.map((m) => [m.target, m]));
    expect(byTarget.userName).toMatchObject({ source: "userPrincipalName", matchingPrecedence: 1 });
    expect(byTarget.active).toMatchObject({ mappingType: "Expression", source: "Not([IsSoftDeleted])" });
    expect(byTarget["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"].source).toBe("department");
    expect(byTarget.externalId.source).toBe("mailNickname");
    expect(t.groupMappings.map((m) => `${m.source}->${m.target}`)).toEqual([
      "displayName->displayName",
      "objectId->externalId",
      "members->members",
    ]);
    expect(t.capabilities.rateLimitPerSecond).toBe(5);
  });

  it("refuses an unknown template id", () => {
    expect(() => findTemplate("nope")).toThrow(/no gallery application/);
  });
});
