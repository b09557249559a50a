import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { decryptSecret } from "../secrets/secret-box";
import { seedDemoApplication } from "./seed-demo-application";
import { listAssignments } from "./list-assignments";
import { makeGroup, makeUser } from "./test-directory";

describe("seedDemoApplication", () => {
  it("works on an empty directory: the app and its job, with no assignments", async () => {
    const { id } = await seedDemoApplication({
      tenantUrl: "http://localhost:3000/api/sandbox/scim/v2",
      secretToken: "s3cret",
    });
    const app = await prisma.application.findUniqueOrThrow({
      where: { id },
      include: { job: true, assignments: true },
    });
    expect(app.name).toBe("Zscaler Two");
    expect(app.templateId).toBe("zscaler-two");
    expect(app.assignments).toHaveLength(0);
    expect(app.job).toMatchObject({
      mode: "Automatic",
      tenantUrl: "http://localhost:3000/api/sandbox/scim/v2",
      enabled: false,
    });
    await prisma.application.delete({ where: { id } });
  });

  it("assigns preferred groups and three users (one with Default Access) and stores the token encrypted", async () => {
    const groups = await Promise.all(
      ["Alpha", "Beta", "Sales", "Engineering", "Zscaler Users"].map((n) => makeGroup(n)),
    );
    await makeGroup("Deleted Zscaler", { deletedAt: new Date() });
    const users = await Promise.all(["Ann", "Bob", "Cid", "Dee"].map((n) => makeUser(`${n} Demo`)));
    await makeUser("Aaron Disabled", { accountEnabled: false });
    await prisma.groupMembership.create({ data: { groupId: groups[2].id, userId: users[0].id } }); // Ann is in Sales

    const { id } = await seedDemoApplication({ tenantUrl: "https://scim.example.test/v2", secretToken: "tok-123" });
    const rows = await listAssignments(id);
    const groupNames = rows
      .filter((r) => r.principalType === "Group")
      .map((r) => r.displayName)
      .sort();
    expect(groupNames).toEqual(["Engineering", "Sales", "Zscaler Users"]);
    const userRows = rows.filter((r) => r.principalType === "User");
    expect(userRows.map((r) => `${r.displayName}:${r.appRole}`).sort()).toEqual([
      "Bob Demo:User",
      "Cid Demo:User",
      "Dee Demo:Default Access",
    ]);
    expect(userRows.find((r) => r.appRole === "Default Access")?.provisioned).toBe(false);

    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } });
    expect(job.secretTokenEnc).not.toContain("tok-123");
    expect(decryptSecret(job.secretTokenEnc ?? "")).toBe("tok-123");
    expect(job.enabled).toBe(false);
    // Every assignment is in the change sequence, and no audit event holds the token.
    expect(await prisma.directoryChange.count({ where: { kind: "AssignmentChanged" } })).toBe(6);
    const audits = await prisma.auditEvent.findMany({ where: { applicationId: id } });
    expect(audits.some((a) => (a.details ?? "").includes("tok-123"))).toBe(false);
  });

  it("refuses a tenant URL that is not http(s), saving nothing", async () => {
    const before = await prisma.application.count();
    await expect(seedDemoApplication({ tenantUrl: "ftp://x", secretToken: "t" })).rejects.toThrow();
    expect(await prisma.application.count()).toBe(before);
  });
});
