import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { createApplication } from "./create-application";
import { assignPrincipal } from "./assign-principal";
import { assignPrincipals, principalKey } from "./assign-principals";
import { makeGroup, makeUser } from "./test-directory";

async function newApp(name: string) {
  return (await createApplication({ templateId: "zscaler-two", name }, "admin")).id;
}

describe("assignPrincipals", () => {
  it("assigns several users and groups with one role, with an audit entry and a change row for each", async () => {
    const appId = await newApp("Batch");
    const ada = await makeUser("Ada Batch");
    const bob = await makeUser("Bob Batch");
    const ops = await makeGroup("Ops Batch");
    const { ids, role } = await assignPrincipals(
      {
        applicationId: appId,
        appRole: "user",
        principals: [
          { principalType: "User", principalId: ada.id },
          { principalType: "User", principalId: bob.id },
          { principalType: "Group", principalId: ops.id },
        ],
      },
      "admin",
    );
    expect(ids).toHaveLength(3);
    expect(role).toBe("User");
    const saved = await prisma.assignment.findMany({
      where: { applicationId: appId },
      orderBy: { principalId: "asc" },
    });
    expect(saved.map((a) => a.appRole)).toEqual(["User", "User", "User"]);
    expect(new Set(saved.map((a) => a.principalId))).toEqual(new Set([ada.id, bob.id, ops.id]));
    const audit = await prisma.auditEvent.findMany({ where: { applicationId: appId, action: "assignment.added" } });
    expect(audit.map((a) => JSON.parse(a.details ?? "{}").displayName).sort()).toEqual([
      "Ada Batch",
      "Bob Batch",
      "Ops Batch",
    ]);
    const changes = await prisma.directoryChange.findMany({
      where: { objectId: { in: [ada.id, bob.id, ops.id] }, kind: "AssignmentChanged" },
    });
    expect(changes).toHaveLength(3);
  });

  it("saves nothing when one principal cannot be assigned, and names each one that cannot", async () => {
    const appId = await newApp("Batch refused");
    const cy = await makeUser("Cy Batch");
    const dee = await makeUser("Dee Batch");
    const gone = await makeUser("Gone Batch", { deletedAt: new Date() });
    await assignPrincipal({ applicationId: appId, principalType: "User", principalId: dee.id, appRole: "User" }, "a");
    const auditBefore = await prisma.auditEvent.count();
    const changesBefore = await prisma.directoryChange.count();

    const error = await assignPrincipals(
      {
        applicationId: appId,
        appRole: "User",
        principals: [
          { principalType: "User", principalId: cy.id },
          { principalType: "User", principalId: dee.id },
          { principalType: "User", principalId: gone.id },
        ],
      },
      "admin",
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "assignment.duplicate" });
    const message = (error as Error).message;
    expect(message).toMatch(/^Nothing was assigned: you chose 3 users and groups, and 2 of them cannot be assigned\./);
    expect(message).toContain("Dee Batch is already assigned to Batch refused");
    expect(message).toContain("Gone Batch is deleted in the directory");
    expect((error as { fieldErrors?: Record<string, string> }).fieldErrors).toEqual({
      [principalKey({ principalType: "User", principalId: dee.id })]: expect.stringContaining("already assigned"),
      [principalKey({ principalType: "User", principalId: gone.id })]: expect.stringContaining("is deleted"),
    });
    // Cy, who could have been assigned, was not: all or nothing.
    expect(await prisma.assignment.count({ where: { applicationId: appId } })).toBe(1);
    expect(await prisma.auditEvent.count()).toBe(auditBefore);
    expect(await prisma.directoryChange.count()).toBe(changesBefore);
  });

  it("refuses an unknown role, an empty or too long selection, and the same principal twice", async () => {
    const appId = await newApp("Batch input");
    const eve = await makeUser("Eve Batch");
    const one = [{ principalType: "User" as const, principalId: eve.id }];
    await expect(
      assignPrincipals({ applicationId: appId, appRole: "Boss", principals: one }, "a"),
    ).rejects.toMatchObject({ code: "assignment.invalid_role" });
    await expect(assignPrincipals({ applicationId: appId, appRole: "User", principals: [] }, "a")).rejects.toThrow(
      /at least one/,
    );
    const many = Array.from({ length: 101 }, (_, i) => ({ principalType: "User" as const, principalId: `u${i}` }));
    await expect(assignPrincipals({ applicationId: appId, appRole: "User", principals: many }, "a")).rejects.toThrow(
      /at most 100/,
    );
    await expect(
      assignPrincipals({ applicationId: appId, appRole: "User", principals: [...one, ...one] }, "a"),
    ).rejects.toThrow(/chosen twice/);
    expect(await prisma.assignment.count({ where: { applicationId: appId } })).toBe(0);
  });
});
