import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { recordAuditEvent } from "./record-audit-event";
import { auditDetails, listAuditEvents } from "./list-audit-events";
import { makeLogApp } from "../logs/test-support/log-fixtures";

describe("listAuditEvents", () => {
  it("lists an application's changes newest first, pages by id, and never shows a secret", async () => {
    const { appId } = await makeLogApp();
    const other = await makeLogApp();
    await prisma.$transaction(async (tx) => {
      await recordAuditEvent(tx, {
        actor: "admin",
        action: "credentials.updated",
        applicationId: appId,
        details: { tenantUrl: "https://t.example/scim", secretTokenChanged: true, secretToken: "leaked-by-mistake" },
      });
      await recordAuditEvent(tx, {
        actor: "admin",
        action: "scopingFilters.updated",
        applicationId: appId,
        details: { objectType: "User", filters: [[["department", "EQUALS", "Sales"]]] },
      });
      await recordAuditEvent(tx, { actor: "admin", action: "mappings.updated", applicationId: other.appId });
    });
    const first = await listAuditEvents(appId, { limit: 2 });
    expect(first.events.map((e) => e.action)).toEqual(["scopingFilters.updated", "credentials.updated"]);
    expect(first.nextBefore).not.toBeNull(); // application.created comes next
    const creds = first.events[1]!;
    expect(creds.label).toBe("Admin credentials updated");
    expect(creds.details).toContainEqual({ key: "secretToken", value: "(hidden)" });
    expect(creds.details).toContainEqual({ key: "secretTokenChanged", value: "yes" });
    expect(JSON.stringify(first)).not.toContain("leaked-by-mistake");
    const next = await listAuditEvents(appId, { before: first.nextBefore!, limit: 2 });
    expect(next.events.map((e) => e.action)).toEqual(["application.created"]);
    expect(next.nextBefore).toBeNull();
  });

  it("renders unreadable or odd details safely", () => {
    expect(auditDetails("{not json")).toEqual([{ key: "details", value: "(unreadable)" }]);
    expect(auditDetails(JSON.stringify({ password: "x", apiKey: "y", n: 3, o: { a: 1 } }))).toEqual([
      { key: "password", value: "(hidden)" },
      { key: "apiKey", value: "(hidden)" },
      { key: "n", value: "3" },
      { key: "o", value: '{"a":1}' },
    ]);
  });
});
