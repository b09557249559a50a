import { describe, expect, it } from "vitest";
import { computeSetupChecklist, type ChecklistInput } from "./compute-setup-checklist";

const fresh: ChecklistInput = {
  applicationId: "app-1",
  provisionableAssignments: 0,
  totalAssignments: 0,
  mode: "Manual",
  hasTenantUrl: false,
  hasSecretToken: false,
  credentialsTested: false,
  notificationEmail: null,
  userMappings: 7,
  groupMappings: 3,
  groupProvisioningEnabled: true,
  scope: "AssignedOnly",
  enabled: false,
};

const state = (input: ChecklistInput, key: string) => computeSetupChecklist(input).items.find((i) => i.key === key)!;

describe("computeSetupChecklist", () => {
  it("lists the tutorial's steps in order, with what a new app still needs", () => {
    const list = computeSetupChecklist(fresh);
    expect(list.items.map((i) => i.key)).toEqual([
      "application",
      "assignments",
      "credentials",
      "notification",
      "mappings",
      "scope",
      "status",
    ]);
    expect(list.items.filter((i) => i.state === "missing").map((i) => i.key)).toEqual([
      "assignments",
      "credentials",
      "status",
    ]);
    expect(list.complete).toBe(false);
    expect(state(fresh, "assignments").href).toBe("/applications/app-1/users-and-groups");
    expect(state(fresh, "credentials").href).toBe("/applications/app-1/provisioning#admin-credentials");
    expect(state(fresh, "notification").state).toBe("optional");
  });

  it("does not count Default Access assignments", () => {
    const item = state({ ...fresh, provisionableAssignments: 0, totalAssignments: 2 }, "assignments");
    expect(item.state).toBe("missing");
    expect(item.detail).toMatch(/Default Access/);
    expect(state({ ...fresh, provisionableAssignments: 3, totalAssignments: 4 }, "assignments").detail).toBe(
      "3 assignments to provision (1 with Default Access, excluded).",
    );
  });

  it("wants credentials saved AND tested", () => {
    const saved = { ...fresh, mode: "Automatic" as const, hasTenantUrl: true, hasSecretToken: true };
    expect(state(saved, "credentials")).toMatchObject({
      state: "missing",
      detail: "Saved, but not yet passed Test Connection.",
    });
    expect(state({ ...saved, hasSecretToken: false }, "credentials").detail).toBe("Enter and save the Secret Token.");
    expect(state({ ...saved, credentialsTested: true }, "credentials").state).toBe("done");
  });

  it("is complete when every required step is done, the notification email being optional", () => {
    const ready = {
      ...fresh,
      mode: "Automatic" as const,
      hasTenantUrl: true,
      hasSecretToken: true,
      credentialsTested: true,
      provisionableAssignments: 1,
      totalAssignments: 1,
      enabled: true,
    };
    expect(computeSetupChecklist(ready)).toMatchObject({ complete: true, done: 6, required: 6 });
    // Setting the optional email does not change the count of required steps.
    const withEmail = computeSetupChecklist({ ...ready, notificationEmail: "ops@contoso.com" });
    expect(withEmail).toMatchObject({ complete: true, done: 6, required: 6 });
    expect(withEmail.items.find((i) => i.key === "notification")).toMatchObject({ state: "done", optional: true });
    expect(computeSetupChecklist({ ...ready, enabled: false })).toMatchObject({
      complete: false,
      done: 5,
      required: 6,
    });
  });

  it("flags missing group mappings only when group provisioning is on", () => {
    expect(state({ ...fresh, groupMappings: 0 }, "mappings").state).toBe("missing");
    expect(state({ ...fresh, groupMappings: 0, groupProvisioningEnabled: false }, "mappings").state).toBe("done");
  });
});
