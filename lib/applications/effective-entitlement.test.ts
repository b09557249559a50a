import { describe, expect, it } from "vitest";
import { describeEntitlement, effectiveEntitlement } from "./effective-entitlement";
import { DEFAULT_ACCESS_EXCLUSION_REASON } from "./is-provisioned-role";

describe("effectiveEntitlement", () => {
  it("puts a provisioned role in scope, whatever the groups say", () => {
    const e = effectiveEntitlement({ appRole: "User", scope: "AssignedOnly", groups: [] });
    expect(e).toEqual({ kind: "Assigned" });
    expect(describeEntitlement(e)).toBe("In provisioning scope");
  });

  it("puts a Default Access user in scope through an assigned group, naming it", () => {
    const e = effectiveEntitlement({
      appRole: "Default Access",
      scope: "AssignedOnly",
      groups: [
        { displayName: "Finance", appRole: "User" },
        { displayName: "Visitors", appRole: "Default Access" },
      ],
    });
    expect(e).toEqual({ kind: "ThroughGroups", groups: ["Finance"] });
    expect(describeEntitlement(e)).toBe("In scope through group Finance");
  });

  it("names two or three groups, then counts the rest", () => {
    const groups = (names: string[]) => names.map((displayName) => ({ displayName, appRole: "User" }));
    const label = (names: string[]) =>
      describeEntitlement(
        effectiveEntitlement({ appRole: "Default Access", scope: "AssignedOnly", groups: groups(names) }),
      );
    expect(label(["Sales", "finance"])).toBe("In scope through groups finance and Sales");
    expect(label(["C", "B", "A"])).toBe("In scope through groups A, B and C");
    expect(label(["D", "C", "B", "A", "A"])).toBe("In scope through groups A, B and 2 more");
  });

  it("keeps Default Access excluded without such a group, unless the scope is all users and groups", () => {
    const excluded = effectiveEntitlement({
      appRole: "default access",
      scope: "AssignedOnly",
      groups: [{ displayName: "Visitors", appRole: "Default Access" }],
    });
    expect(excluded).toEqual({ kind: "Excluded", reason: DEFAULT_ACCESS_EXCLUSION_REASON });
    expect(describeEntitlement(excluded)).toBe("Excluded from provisioning");
    const all = effectiveEntitlement({ appRole: "Default Access", scope: "All" });
    expect(all).toEqual({ kind: "AllUsersAndGroups" });
  });
});
