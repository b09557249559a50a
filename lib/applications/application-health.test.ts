import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { assessApplicationHealth } from "./assess-application-health";
import { createApplication } from "./create-application";
import { listApplicationHealth } from "./list-application-health";

const base = {
  status: "Active",
  enabled: true,
  quarantineReason: null,
  lastCycleStatus: "Succeeded",
  failingObjects: 0,
  consecutiveFailures: 0,
};

describe("assessApplicationHealth", () => {
  it("puts quarantine first, with the reason in words", () => {
    expect(assessApplicationHealth({ ...base, status: "Quarantine", quarantineReason: "InvalidCredentials" })).toEqual({
      level: "Failing",
      summary: "In quarantine: Credentials rejected",
    });
  });

  it("flags a failed cycle, failing objects and warnings, and says when all is well or Off", () => {
    expect(assessApplicationHealth({ ...base, lastCycleStatus: "Failed", consecutiveFailures: 3 })).toEqual({
      level: "Failing",
      summary: "The last cycle failed (3 cycles in a row)",
    });
    expect(assessApplicationHealth({ ...base, lastCycleStatus: "Warning", consecutiveFailures: 2 })).toEqual({
      level: "Attention",
      summary: "The target failed in the last 2 cycles",
    });
    expect(assessApplicationHealth({ ...base, failingObjects: 2 })).toEqual({
      level: "Attention",
      summary: "2 objects failing",
    });
    expect(assessApplicationHealth({ ...base, lastCycleStatus: "Warning" }).level).toBe("Attention");
    expect(assessApplicationHealth(base)).toEqual({ level: "Healthy", summary: "Provisioning is running normally" });
    expect(
      assessApplicationHealth({ ...base, enabled: false, status: "NotConfigured", lastCycleStatus: null }),
    ).toEqual({ level: "Off", summary: "Provisioning is not configured" });
  });
});

describe("listApplicationHealth", () => {
  it("lists a quarantined application first with its reason, last cycle and failing objects", async () => {
    const calm = await createApplication({ templateId: "zscaler-two", name: "A calm app" }, "admin");
    const sick = await createApplication({ templateId: "zscaler-two", name: "Z sick app" }, "admin");
    const job = await prisma.provisioningJob.update({
      where: { applicationId: sick.id },
      data: {
        status: "Quarantine",
        enabled: true,
        quarantineReason: "InvalidCredentials",
        quarantineSince: new Date(),
      },
    });
    const endedAt = new Date("2026-01-02T03:04:05Z");
    await prisma.cycle.create({
      data: {
        jobId: job.id,
        type: "Initial",
        status: "Quarantined",
        startedAt: new Date(endedAt.getTime() - 1000),
        endedAt,
        failed: 1,
      },
    });
    await prisma.cycle.create({ data: { jobId: job.id, type: "OnDemand", status: "Succeeded", endedAt: new Date() } });
    await prisma.connectorObject.create({
      data: { jobId: job.id, objectType: "User", sourceId: "u-1", lastStatus: "Failure" },
    });

    const rows = await listApplicationHealth();
    const names = rows.map((r) => r.name);
    expect(names.indexOf("Z sick app")).toBeLessThan(names.indexOf("A calm app"));
    expect(rows.find((r) => r.id === sick.id)).toMatchObject({
      status: "Quarantine",
      quarantine: { reason: "InvalidCredentials" },
      lastCycle: { type: "Initial", status: "Quarantined", endedAt, failed: 1 },
      failingObjects: 1,
      health: { level: "Failing", summary: "In quarantine: Credentials rejected" },
    });
    expect(rows.find((r) => r.id === calm.id)).toMatchObject({
      lastCycle: null,
      status: "NotConfigured",
      health: { level: "Off", summary: "Provisioning is not configured" },
    });
  });
});
