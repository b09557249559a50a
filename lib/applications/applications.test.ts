import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { createApplication } from "./create-application";
import { assignPrincipal } from "./assign-principal";
import { renameApplication } from "./rename-application";
import { deleteApplication } from "./delete-application";
import { listApplications } from "./list-applications";
import { getApplication } from "./get-application";
import { makeGroup, makeUser } from "./test-directory";

describe("listApplications and getApplication", () => {
  it("list apps with template, provisioning status and assigned count, and detail the counts", async () => {
    const { id } = await createApplication({ templateId: "zscaler-one", name: "ZIA one" }, "admin");
    const user = await makeUser("List User");
    const group = await makeGroup("List Group");
    await assignPrincipal(
      { applicationId: id, principalType: "User", principalId: user.id, appRole: "Default Access" },
      "admin",
    );
    await assignPrincipal(
      { applicationId: id, principalType: "Group", principalId: group.id, appRole: "User" },
      "admin",
    );
    await prisma.provisioningJob.update({ where: { applicationId: id }, data: { status: "Quarantine" } });

    const item = (await listApplications()).find((a) => a.id === id);
    expect(item).toMatchObject({
      name: "ZIA one",
      templateName: "Zscaler One",
      provisioningStatus: "Quarantine",
      assignedCount: 2,
    });
    expect(item?.logo.text).toBeTruthy();

    const detail = await getApplication(id);
    expect(detail).toMatchObject({
      templateName: "Zscaler One",
      appRoles: ["User", "Default Access"],
      defaultAppRole: "User",
      assignments: { users: 1, groups: 1, excluded: 1 },
    });
    expect(await getApplication("no-such-app")).toBeNull();
  });
});

describe("renameApplication", () => {
  it("renames with an audit event, trims, and refuses an empty or too long name", async () => {
    const { id } = await createApplication({ templateId: "zscaler-two", name: "Before" }, "admin");
    expect(await renameApplication({ applicationId: id, name: "  After  " }, "admin")).toEqual({ changed: true });
    expect((await prisma.application.findUniqueOrThrow({ where: { id } })).name).toBe("After");
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { applicationId: id, action: "application.renamed" },
    });
    expect(JSON.parse(audit.details ?? "{}")).toEqual({ from: "Before", to: "After" });
    expect(await renameApplication({ applicationId: id, name: "After" }, "admin")).toEqual({ changed: false });
    await expect(renameApplication({ applicationId: id, name: " " }, "admin")).rejects.toThrow(/Enter a name/);
    await expect(renameApplication({ applicationId: id, name: "x".repeat(121) }, "admin")).rejects.toThrow(
      /At most 120/,
    );
    expect((await prisma.application.findUniqueOrThrow({ where: { id } })).name).toBe("After");
  });
});

describe("deleteApplication", () => {
  it("deletes the app with its job, mappings and assignments, and keeps an audit event of the deletion", async () => {
    const { id } = await createApplication({ templateId: "zscaler-two", name: "Doomed" }, "admin");
    const user = await makeUser("Doomed User");
    await assignPrincipal({ applicationId: id, principalType: "User", principalId: user.id, appRole: "User" }, "admin");
    expect(await deleteApplication({ applicationId: id }, "admin")).toEqual({ name: "Doomed" });
    expect(await prisma.application.count({ where: { id } })).toBe(0);
    expect(await prisma.provisioningJob.count({ where: { applicationId: id } })).toBe(0);
    expect(await prisma.assignment.count({ where: { applicationId: id } })).toBe(0);
    expect(await prisma.attributeMapping.count({ where: { job: { applicationId: id } } })).toBe(0);
    const events = await prisma.auditEvent.findMany({ where: { action: "application.deleted" } });
    const event = events.find((e) => JSON.parse(e.details ?? "{}").applicationId === id);
    expect(JSON.parse(event?.details ?? "{}")).toMatchObject({ name: "Doomed", assignments: 1 });
    // The directory user is untouched.
    expect(await prisma.directoryUser.count({ where: { id: user.id } })).toBe(1);
    await expect(deleteApplication({ applicationId: id }, "admin")).rejects.toMatchObject({
      code: "application.not_found",
    });
  });
});
