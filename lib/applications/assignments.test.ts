import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { createApplication } from "./create-application";
import { assignPrincipal } from "./assign-principal";
import { changeAssignmentRole } from "./change-assignment-role";
import { removeAssignment } from "./remove-assignment";
import { listAssignments } from "./list-assignments";
import { searchPrincipals } from "./search-principals";
import { DEFAULT_ACCESS_EXCLUSION_REASON, isProvisionedRole } from "./is-provisioned-role";
import { makeGroup, makeUser } from "./test-directory";

async function newApp(name = "Zscaler Two") {
  return (await createApplication({ templateId: "zscaler-two", name }, "admin")).id;
}

async function changesFor(objectId: string) {
  return prisma.directoryChange.findMany({ where: { objectId }, orderBy: { seq: "asc" } });
}

describe("isProvisionedRole", () => {
  it("excludes Default Access, whatever its letter case, and keeps every other role", () => {
    expect(isProvisionedRole("Default Access")).toBe(false);
    expect(isProvisionedRole(" default access ")).toBe(false);
    expect(isProvisionedRole("User")).toBe(true);
    expect(isProvisionedRole("Admin")).toBe(true);
  });
});

describe("assignPrincipal", () => {
  it("assigns a user with a role, recording a change row and an audit event together", async () => {
    const appId = await newApp();
    const ada = await makeUser("Ada Lovelace");
    const { id } = await assignPrincipal(
      { applicationId: appId, principalType: "User", principalId: ada.id, appRole: "user" },
      "admin",
    );
    const saved = await prisma.assignment.findUniqueOrThrow({ where: { id } });
    expect(saved.appRole).toBe("User"); // canonical spelling from the template
    const changes = await changesFor(ada.id);
    expect(changes.map((c) => [c.objectType, c.kind])).toEqual([["User", "AssignmentChanged"]]);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { applicationId: appId, action: "assignment.added" },
    });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({
      principalId: ada.id,
      appRole: "User",
      displayName: "Ada Lovelace",
    });
  });

  it("refuses a principal that is already assigned, with a clear message, and saves nothing more", async () => {
    const appId = await newApp("Dup test");
    const grace = await makeUser("Grace Hopper");
    await assignPrincipal(
      { applicationId: appId, principalType: "User", principalId: grace.id, appRole: "User" },
      "admin",
    );
    const changeCount = await prisma.directoryChange.count();
    const auditCount = await prisma.auditEvent.count();
    await expect(
      assignPrincipal(
        { applicationId: appId, principalType: "User", principalId: grace.id, appRole: "Default Access" },
        "admin",
      ),
    ).rejects.toMatchObject({
      code: "assignment.duplicate",
      message: expect.stringMatching(/Grace Hopper is already assigned to Dup test with the role "User"/),
    });
    expect(await prisma.assignment.count({ where: { applicationId: appId } })).toBe(1);
    expect(await prisma.directoryChange.count()).toBe(changeCount);
    expect(await prisma.auditEvent.count()).toBe(auditCount);
  });

  it("refuses a role the template does not offer, a deleted principal and an unknown application", async () => {
    const appId = await newApp();
    const alan = await makeUser("Alan Turing");
    const gone = await makeUser("Gone User", { deletedAt: new Date() });
    const goneGroup = await makeGroup("Gone Group", { deletedAt: new Date() });
    await expect(
      assignPrincipal({ applicationId: appId, principalType: "User", principalId: alan.id, appRole: "Owner" }, "admin"),
    ).rejects.toMatchObject({
      code: "assignment.invalid_role",
    });
    await expect(
      assignPrincipal({ applicationId: appId, principalType: "User", principalId: gone.id, appRole: "User" }, "admin"),
    ).rejects.toThrow(/deleted in the directory/);
    await expect(
      assignPrincipal(
        { applicationId: appId, principalType: "Group", principalId: goneGroup.id, appRole: "User" },
        "admin",
      ),
    ).rejects.toThrow(/deleted in the directory/);
    await expect(
      assignPrincipal({ applicationId: "nope", principalType: "User", principalId: alan.id, appRole: "User" }, "admin"),
    ).rejects.toMatchObject({
      code: "application.not_found",
    });
    await expect(
      assignPrincipal({ applicationId: appId, principalType: "User", principalId: "", appRole: "User" }, "admin"),
    ).rejects.toThrow(/Choose a user or group/);
    expect(await prisma.assignment.count({ where: { applicationId: appId } })).toBe(0);
    expect(await changesFor(alan.id)).toHaveLength(0);
  });
});

describe("changeAssignmentRole and removeAssignment", () => {
  it("changes a role with a change row and an audit event, and does nothing when the role is the same", async () => {
    const appId = await newApp();
    const group = await makeGroup("Engineering");
    const { id } = await assignPrincipal(
      { applicationId: appId, principalType: "Group", principalId: group.id, appRole: "User" },
      "admin",
    );
    expect(
      await changeAssignmentRole({ applicationId: appId, assignmentId: id, appRole: "Default Access" }, "admin"),
    ).toEqual({ changed: true });
    expect((await prisma.assignment.findUniqueOrThrow({ where: { id } })).appRole).toBe("Default Access");
    expect((await changesFor(group.id)).map((c) => [c.objectType, c.kind])).toEqual([
      ["Group", "AssignmentChanged"],
      ["Group", "AssignmentChanged"],
    ]);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { applicationId: appId, action: "assignment.roleChanged" },
    });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ from: "User", to: "Default Access" });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ displayName: "Engineering", principalType: "Group" });

    expect(
      await changeAssignmentRole({ applicationId: appId, assignmentId: id, appRole: "Default Access" }, "admin"),
    ).toEqual({ changed: false });
    expect(await changesFor(group.id)).toHaveLength(2);
    await expect(
      changeAssignmentRole({ applicationId: appId, assignmentId: id, appRole: "Boss" }, "admin"),
    ).rejects.toThrow(/not an app role/);
  });

  it("removes an assignment with a change row and an audit event; a second removal is a clear error", async () => {
    const appId = await newApp();
    const otherAppId = await newApp("Other");
    const user = await makeUser("Katherine Johnson");
    const { id } = await assignPrincipal(
      { applicationId: appId, principalType: "User", principalId: user.id, appRole: "User" },
      "admin",
    );
    // An assignment id of another application is not found through this one.
    await expect(removeAssignment({ applicationId: otherAppId, assignmentId: id }, "admin")).rejects.toMatchObject({
      code: "assignment.not_found",
    });
    await removeAssignment({ applicationId: appId, assignmentId: id }, "admin");
    expect(await prisma.assignment.count({ where: { applicationId: appId } })).toBe(0);
    expect(await changesFor(user.id)).toHaveLength(2);
    expect(await prisma.auditEvent.count({ where: { applicationId: appId, action: "assignment.removed" } })).toBe(1);
    const removed = await prisma.auditEvent.findFirstOrThrow({
      where: { applicationId: appId, action: "assignment.removed" },
    });
    // The entry says who was removed, not only their id.
    expect(JSON.parse(removed.details ?? "{}")).toEqual({
      principalType: "User",
      principalId: user.id,
      displayName: "Katherine Johnson",
      appRole: "User",
    });
    await expect(removeAssignment({ applicationId: appId, assignmentId: id }, "admin")).rejects.toThrow(
      /already removed/,
    );
  });
});

describe("listAssignments", () => {
  it("shows Default Access as excluded with the reason, and what the directory says about each principal", async () => {
    const appId = await newApp();
    const active = await makeUser("Active User");
    const disabled = await makeUser("Disabled User", { accountEnabled: false });
    const soft = await makeUser("Soft Deleted User");
    const hard = await makeUser("Hard Deleted User");
    const group = await makeGroup("Sales");
    await prisma.groupMembership.create({ data: { groupId: group.id, userId: active.id } });
    for (const [type, id, role] of [
      ["User", active.id, "User"],
      ["User", disabled.id, "Default Access"],
      ["User", soft.id, "User"],
      ["User", hard.id, "User"],
      ["Group", group.id, "User"],
    ] as const) {
      await assignPrincipal({ applicationId: appId, principalType: type, principalId: id, appRole: role }, "admin");
    }
    await prisma.directoryUser.update({ where: { id: soft.id }, data: { deletedAt: new Date() } });
    await prisma.directoryUser.delete({ where: { id: hard.id } });

    const rows = await listAssignments(appId);
    const byId = Object.fromEntries(rows.map((r) => [r.principalId, r]));
    expect(byId[active.id]).toMatchObject({
      principalState: "Active",
      provisioned: true,
      exclusionReason: null,
      detail: "active.user@contoso.test",
    });
    expect(byId[disabled.id]).toMatchObject({
      principalState: "Disabled",
      provisioned: false,
      exclusionReason: DEFAULT_ACCESS_EXCLUSION_REASON,
    });
    expect(byId[disabled.id].entitlement).toEqual({ kind: "Excluded", reason: DEFAULT_ACCESS_EXCLUSION_REASON });
    expect(byId[active.id].entitlement).toEqual({ kind: "Assigned" });
    expect(byId[soft.id].principalState).toBe("SoftDeleted");
    expect(byId[hard.id]).toMatchObject({ principalState: "HardDeleted", displayName: hard.id });
    expect(byId[group.id]).toMatchObject({ principalType: "Group", memberCount: 1, principalState: "Active" });
    expect(rows.map((r) => r.displayName).slice(0, 2)).toEqual(["Active User", "Disabled User"]);
  });
});

describe("searchPrincipals", () => {
  it("finds users by name, UPN or mail and groups by name, leaves deleted ones out and flags assigned ones", async () => {
    const appId = await newApp();
    const marie = await makeUser("Marie Curie");
    await makeUser("Pierre Curie");
    await makeUser("Deleted Curie", { deletedAt: new Date() });
    const group = await makeGroup("Curie Lab");
    await assignPrincipal(
      { applicationId: appId, principalType: "User", principalId: marie.id, appRole: "User" },
      "admin",
    );

    const found = await searchPrincipals({ applicationId: appId, query: "curie" });
    expect(found.map((f) => f.displayName)).toEqual(["Curie Lab", "Marie Curie", "Pierre Curie"]);
    expect(found.find((f) => f.id === marie.id)?.assignedRole).toBe("User");
    expect(found.find((f) => f.id === group.id)).toMatchObject({ type: "Group", assignedRole: null });

    const byUpn = await searchPrincipals({ applicationId: appId, query: "pierre.curie@" });
    expect(byUpn.map((f) => f.displayName)).toEqual(["Pierre Curie"]);
    expect(await searchPrincipals({ applicationId: appId, query: "zzz-nobody" })).toEqual([]);
    expect(await searchPrincipals({ applicationId: appId, query: "", limit: 2 })).toHaveLength(2);
  });
});

describe("searchPrincipals ranking", () => {
  it("puts names that start with the query first, even when many earlier names only contain it", async () => {
    const appId = await newApp();
    for (let i = 0; i < 12; i++) await makeUser(`Aaron Osam ${String(i).padStart(2, "0")}`);
    await makeUser("Sam Zulu");
    const found = await searchPrincipals({ applicationId: appId, query: "sam", limit: 5 });
    expect(found[0].displayName).toBe("Sam Zulu");
    expect(found).toHaveLength(5);
  });
});

describe("searchPrincipals by type", () => {
  it("lists groups for an empty query even when many users sort before them", async () => {
    const appId = await newApp();
    for (let i = 0; i < 12; i++) await makeUser(`Abe Early ${String(i).padStart(2, "0")}`);
    await makeGroup("Zeta Team");
    expect(
      (await searchPrincipals({ applicationId: appId, query: "", limit: 5 })).some((o) => o.type === "Group"),
    ).toBe(false);
    const groups = await searchPrincipals({ applicationId: appId, query: "", limit: 5, type: "Group" });
    expect(groups.map((g) => g.displayName)).toContain("Zeta Team");
    expect(groups.every((g) => g.type === "Group")).toBe(true);
    const users = await searchPrincipals({ applicationId: appId, query: "zeta", type: "User" });
    expect(users).toEqual([]);
  });
});

describe("listAssignments entitlement", () => {
  it("shows a Default Access user who is a member of an assigned group as in scope through that group", async () => {
    const appId = await newApp();
    const kai = await makeUser("Kai Default");
    const finance = await makeGroup("Finance");
    const visitors = await makeGroup("Visitors");
    await prisma.groupMembership.createMany({
      data: [finance, visitors].map((g) => ({ groupId: g.id, userId: kai.id })),
    });
    const assign = (principalType: "User" | "Group", principalId: string, appRole: string) =>
      assignPrincipal({ applicationId: appId, principalType, principalId, appRole }, "admin");
    await assign("User", kai.id, "Default Access");
    await assign("Group", visitors.id, "Default Access");
    const row = async () => (await listAssignments(appId)).find((r) => r.principalId === kai.id)!;
    expect((await row()).entitlement.kind).toBe("Excluded");

    await assign("Group", finance.id, "User");
    expect(await row()).toMatchObject({
      provisioned: false,
      entitlement: { kind: "ThroughGroups", groups: ["Finance"] },
    });
  });
});
