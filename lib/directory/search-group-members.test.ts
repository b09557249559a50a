import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { makeGroup, makeUser } from "../applications/test-directory";
import { searchGroupMembers } from "./search-group-members";

describe("searchGroupMembers", () => {
  it("searches only within the group's members, counts them, and flags soft-deleted ones", async () => {
    const group = await makeGroup("Finance");
    const other = await makeGroup("Sales");
    const names = ["Ada Finance", "Bea Finance", "Cy Finance", "Dee Finance", "Eve Finance", "Fay Finance"];
    const users = [];
    for (const n of names) users.push(await makeUser(n));
    const gone = await makeUser("Gus Finance", { deletedAt: new Date() });
    const outsider = await makeUser("Hal Finance");
    await prisma.groupMembership.createMany({
      data: [...users, gone].map((u) => ({ groupId: group.id, userId: u.id })),
    });
    await prisma.groupMembership.create({ data: { groupId: other.id, userId: outsider.id } });

    const all = await searchGroupMembers({ groupId: group.id, limit: 5 });
    expect(all.total).toBe(7);
    expect(all.matching).toBe(7);
    expect(all.members.map((m) => m.displayName)).toEqual(names.slice(0, 5));

    const found = await searchGroupMembers({ groupId: group.id, query: "fay" });
    expect(found).toMatchObject({ total: 7, matching: 1 });
    expect(found.members.map((m) => m.id)).toEqual([users[5].id]);

    const byUpn = await searchGroupMembers({ groupId: group.id, query: "gus.finance@" });
    expect(byUpn.members).toEqual([expect.objectContaining({ id: gone.id, deleted: true })]);

    // A matching name outside the group is not a member.
    expect((await searchGroupMembers({ groupId: group.id, query: "Hal" })).members).toEqual([]);
  });
});
