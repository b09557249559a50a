import { describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { createApplication } from "../create-application";
import { getProvisioningConfig } from "./get-provisioning-config";

describe("getProvisioningConfig", () => {
  it("gives a new app's view: Manual, no token, template hints, mappings and the checklist", async () => {
    const { id } = await createApplication({ templateId: "zscaler-two", name: "Zscaler Two view" }, "admin");
    const view = await getProvisioningConfig(id);
    expect(view).toMatchObject({
      mode: "Manual",
      status: "NotConfigured",
      hasSecretToken: false,
      tenantUrl: "",
      enabled: false,
      scope: "AssignedOnly",
    });
    expect(view.template.tenantUrlHint).toContain("zscalertwo");
    expect(view.mappings.User.map((m) => m.target)).toContain("userName");
    expect(view.mappings.Group).toHaveLength(3);
    expect(view.checklist.complete).toBe(false);
  });

  it("counts assignments without Default Access", async () => {
    const { id } = await createApplication({ templateId: "zscaler-two", name: "Zscaler Two counts" }, "admin");
    await prisma.assignment.createMany({
      data: [
        { applicationId: id, principalType: "User", principalId: "u1", appRole: "User" },
        { applicationId: id, principalType: "Group", principalId: "g1", appRole: "User" },
        { applicationId: id, principalType: "User", principalId: "u2", appRole: "Default Access" },
      ],
    });
    const view = await getProvisioningConfig(id);
    expect(view.assignments).toEqual({ provisionable: 2, total: 3 });
    expect(view.checklist.items.find((i) => i.key === "assignments")).toMatchObject({
      state: "done",
      detail: "2 assignments to provision (1 with Default Access, excluded).",
    });
  });

  it("says when the application does not exist", async () => {
    await expect(getProvisioningConfig("missing")).rejects.toMatchObject({ code: "application.not_found" });
  });
});
