import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { createApplication } from "./create-application";

describe("createApplication", () => {
  it("creates the app, a NotConfigured job and the template's mappings in one go", async () => {
    const { id } = await createApplication({ templateId: "zscaler-two", name: "Zscaler Two" }, "admin");
    const app = await prisma.application.findUniqueOrThrow({
      where: { id },
      include: { job: { include: { mappings: true, targetAttributes: true } } },
    });
    expect(app.job?.status).toBe("NotConfigured");
    expect(app.job?.mode).toBe("Manual");
    expect(app.job?.mappings.filter((m) => m.objectType === "User")).toHaveLength(7);
    expect(app.job?.mappings.find((m) => m.target === "userName")?.matchingPrecedence).toBe(1);
    expect(app.job?.targetAttributes.length).toBeGreaterThan(5);
    expect(await prisma.auditEvent.count({ where: { applicationId: id, action: "application.created" } })).toBe(1);
  });

  it("refuses an empty name and an unknown template, saving nothing", async () => {
    const before = await prisma.application.count();
    await expect(createApplication({ templateId: "zscaler-two", name: "   " }, "admin")).rejects.toThrow(
      /Enter a name/,
    );
    await expect(createApplication({ templateId: "nope", name: "X" }, "admin")).rejects.toThrow(
      /no gallery application/,
    );
    expect(await prisma.application.count()).toBe(before);
  });
});
