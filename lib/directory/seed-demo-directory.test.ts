import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { demoGroups, demoUsers, seedDemoDirectory } from "./seed-demo-directory";

describe("seedDemoDirectory", () => {
  it("is deterministic: the same users, ids and memberships every time", () => {
    const a = demoUsers();
    const b = demoUsers();
    expect(a).toEqual(b);
    expect(demoGroups(a)).toEqual(demoGroups(b));
    expect(new Set(a.map((u) => u.userPrincipalName.toLowerCase())).size).toBe(a.length);
    expect(a.map((u) => u.displayName)).toEqual(expect.arrayContaining(["Zoë Ångström", "José Núñez"]));
  });

  it("loads about 300 users and 11 groups in one go and records every object as created", async () => {
    const started = Date.now();
    const result = await seedDemoDirectory();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toEqual({ users: 300, groups: 11 });
    expect(await prisma.directoryUser.count()).toBe(300);
    expect(await prisma.directoryUser.count({ where: { deletedAt: { not: null } } })).toBe(2);
    expect(await prisma.directoryUser.count({ where: { accountEnabled: false } })).toBeGreaterThan(3);
    expect(
      new Set((await prisma.directoryUser.findMany({ select: { department: true } })).map((u) => u.department)).size,
    ).toBe(8);
    const allStaff = await prisma.directoryGroup.findFirstOrThrow({
      where: { displayName: "All Staff" },
      include: { _count: { select: { members: true } } },
    });
    expect(allStaff._count.members).toBe(298);
    const zscaler = await prisma.directoryGroup.findFirstOrThrow({
      where: { displayName: "Zscaler Users" },
      include: { _count: { select: { members: true } } },
    });
    expect(zscaler._count.members).toBeGreaterThan(50);
    expect(await prisma.directoryChange.count({ where: { kind: "Created", objectType: "User" } })).toBe(300);
    expect(await prisma.directoryChange.count({ where: { kind: "Created", objectType: "Group" } })).toBe(11);
    expect(await prisma.directoryChange.count({ where: { kind: "SoftDeleted" } })).toBe(2);
    const zoe = await prisma.directoryUser.findUniqueOrThrow({
      where: { userPrincipalName: "zoe.angstrom@contoso.com" },
    });
    expect(zoe.displayName).toBe("Zoë Ångström");
    expect(zoe.usageLocation).toMatch(/^[A-Z]{2}$/);
  });
});
