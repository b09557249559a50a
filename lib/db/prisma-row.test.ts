import { describe, expect, it } from "vitest";
import { createUser } from "../directory/create-user";
import { loadUserRows } from "../sync/store/load-source";
import { prisma } from "./prisma";
import { dbDate, toPrismaRow } from "./prisma-row";

describe("toPrismaRow", () => {
  it("gives the cycle's plain-SQL reads exactly what Prisma returns for the same rows", async () => {
    const a = await createUser(
      {
        userPrincipalName: "row.one@contoso.test",
        displayName: "Row One",
        givenName: "Row",
        department: "Sales",
      },
      "test",
    );
    const b = await createUser(
      {
        userPrincipalName: "row.two@contoso.test",
        displayName: "Row Two",
        accountEnabled: false,
      },
      "test",
    );
    await prisma.directoryUser.update({
      where: { id: b.id },
      data: { deletedAt: new Date("2026-01-02T03:04:05.678Z") },
    });
    const viaPrisma = await prisma.directoryUser.findMany({
      where: { id: { in: [a.id, b.id] } },
      orderBy: { userPrincipalName: "asc" },
    });
    const viaThread = (await loadUserRows([a.id, b.id])).sort((x, y) =>
      x.userPrincipalName.localeCompare(y.userPrincipalName),
    );
    expect(viaThread).toEqual(viaPrisma);
    expect(viaThread[1].accountEnabled).toBe(false);
    expect(viaThread[1].deletedAt?.toISOString()).toBe("2026-01-02T03:04:05.678Z");
  });

  it("fills absent fields with null and refuses unknown models", () => {
    const row = toPrismaRow<Record<string, unknown>>("DirectoryGroup", {
      id: "g1",
      displayName: "G",
      securityEnabled: 1,
    });
    expect(row.id).toBe("g1");
    expect(row.securityEnabled).toBe(true);
    expect(row.description).toBeNull();
    expect(() => toPrismaRow("NoSuchModel" as never, {})).toThrow(/Unknown model/);
  });
});

describe("dbDate", () => {
  it("reads PostgreSQL's Dates, Prisma's ISO text, SQLite's CURRENT_TIMESTAMP text (UTC) and epoch milliseconds", () => {
    expect(dbDate(new Date("2026-11-23T03:22:33.309Z")).toISOString()).toBe("2026-11-23T03:22:33.309Z");
    expect(dbDate("2026-11-23T03:22:33.309+00:00").toISOString()).toBe("2026-11-23T03:22:33.309Z");
    expect(dbDate("2026-11-23 03:22:33").toISOString()).toBe("2026-11-23T03:22:33.000Z");
    expect(dbDate(Date.UTC(2026, 0, 1)).toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });
});
