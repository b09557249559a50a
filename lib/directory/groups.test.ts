import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { addGroupMembers } from "./add-group-members";
import { createGroup } from "./create-group";
import { createUser } from "./create-user";
import { getGroup } from "./get-group";
import { hardDeleteGroup } from "./hard-delete-group";
import { listGroups } from "./list-groups";
import { listUsers } from "./list-users";
import { removeGroupMembers } from "./remove-group-members";
import { restoreGroup } from "./restore-group";
import { softDeleteGroup } from "./soft-delete-group";
import { softDeleteUser } from "./soft-delete-user";
import { updateGroup } from "./update-group";

const changesFor = (objectId: string) =>
  prisma.directoryChange.findMany({ where: { objectId }, orderBy: { seq: "asc" } }).then((r) => r.map((c) => c.kind));

describe("groups", () => {
  it("creates, edits and validates groups", async () => {
    const { id } = await createGroup({ displayName: "Finance Team", mailNickname: "finance", description: "" }, "test");
    expect(await getGroup(id)).toMatchObject({
      displayName: "Finance Team",
      mailNickname: "finance",
      description: null,
      securityEnabled: true,
      mailEnabled: false,
      members: [],
    });
    await updateGroup({ id, description: "Money people" }, "test");
    expect((await getGroup(id))?.description).toBe("Money people");
    expect(await changesFor(id)).toEqual(["Created", "Updated"]);
    await expect(createGroup({ displayName: "  " }, "test")).rejects.toThrow(/Enter a group name/);
    await expect(createGroup({ displayName: "X", mailNickname: "a b" }, "test")).rejects.toThrow(
      /cannot contain spaces/,
    );
  });

  it("adds and removes members, recording MembersChanged on the group only when membership changes", async () => {
    const { id: groupId } = await createGroup({ displayName: "VPN" }, "test");
    const a = await createUser({ userPrincipalName: "a@vpn.com", displayName: "A" }, "test");
    const b = await createUser({ userPrincipalName: "b@vpn.com", displayName: "B" }, "test");
    expect(await addGroupMembers({ groupId, userIds: [a.id, b.id, a.id] }, "test")).toEqual({ added: 2 });
    expect(await addGroupMembers({ groupId, userIds: [a.id] }, "test")).toEqual({ added: 0 });
    expect((await getGroup(groupId))?.members.map((m) => m.displayName)).toEqual(["A", "B"]);
    expect(await removeGroupMembers({ groupId, userIds: [b.id] }, "test")).toEqual({ removed: 1 });
    expect(await removeGroupMembers({ groupId, userIds: [b.id] }, "test")).toEqual({ removed: 0 });
    expect(await changesFor(groupId)).toEqual(["Created", "MembersChanged", "MembersChanged"]);
    expect(await changesFor(a.id)).toEqual(["Created"]);
  });

  it("refuses to add deleted or unknown users", async () => {
    const { id: groupId } = await createGroup({ displayName: "Strict" }, "test");
    const u = await createUser({ userPrincipalName: "gone@vpn.com", displayName: "Gone" }, "test");
    await softDeleteUser({ id: u.id }, "test");
    await expect(addGroupMembers({ groupId, userIds: [u.id] }, "test")).rejects.toThrow(
      /Deleted users cannot be added/,
    );
    await expect(addGroupMembers({ groupId, userIds: ["nope"] }, "test")).rejects.toThrow(/no longer exist/);
    expect(await prisma.groupMembership.count({ where: { groupId } })).toBe(0);
  });

  it("soft deletes, restores and permanently deletes (only once deleted)", async () => {
    const { id } = await createGroup({ displayName: "Temporary" }, "test");
    const u = await createUser({ userPrincipalName: "t@vpn.com", displayName: "T" }, "test");
    await addGroupMembers({ groupId: id, userIds: [u.id] }, "test");
    await expect(hardDeleteGroup({ id }, "test")).rejects.toThrow(/Only deleted groups/);
    await softDeleteGroup({ id }, "test");
    await expect(updateGroup({ id, displayName: "Nope" }, "test")).rejects.toThrow(/Restore the group/);
    await expect(addGroupMembers({ groupId: id, userIds: [u.id] }, "test")).rejects.toThrow(/Restore the group/);
    expect((await listGroups({ search: "Temporary" })).total).toBe(0);
    expect((await listGroups({ search: "Temporary", state: "deleted" })).items[0]).toMatchObject({
      displayName: "Temporary",
      memberCount: 1,
    });
    await restoreGroup({ id }, "test");
    expect((await getGroup(id))?.members).toHaveLength(1);
    await softDeleteGroup({ id }, "test");
    await hardDeleteGroup({ id }, "test");
    expect(await getGroup(id)).toBeNull();
    expect(await prisma.groupMembership.count({ where: { groupId: id } })).toBe(0);
    expect(await changesFor(id)).toEqual([
      "Created",
      "MembersChanged",
      "SoftDeleted",
      "Restored",
      "SoftDeleted",
      "HardDeleted",
    ]);
  });

  it("lists with member counts and search", async () => {
    const { id } = await createGroup({ displayName: "Alpha Squad", description: "first" }, "test");
    await createGroup({ displayName: "Beta Squad", mailNickname: "beta" }, "test");
    const u = await createUser({ userPrincipalName: "sq@vpn.com", displayName: "Sq" }, "test");
    await addGroupMembers({ groupId: id, userIds: [u.id] }, "test");
    const page = await listGroups({ search: "squad" });
    expect(page.items.map((g) => [g.displayName, g.memberCount])).toEqual([
      ["Alpha Squad", 1],
      ["Beta Squad", 0],
    ]);
    expect((await listGroups({ search: "beta" })).total).toBe(1);
    // A page past the end shows the last page.
    const past = await listGroups({ search: "squad", pageSize: 1, page: 9 });
    expect([past.page, past.items.map((g) => g.displayName)]).toEqual([2, ["Beta Squad"]]);
  });

  it("the Add members search leaves out users already in the group", async () => {
    const { id: groupId } = await createGroup({ displayName: "Search Squad" }, "test");
    const a = await createUser({ userPrincipalName: "in@search.com", displayName: "In Member" }, "test");
    await createUser({ userPrincipalName: "out@search.com", displayName: "Out Member" }, "test");
    await addGroupMembers({ groupId, userIds: [a.id] }, "test");
    const page = await listUsers({ search: "search.com", notMemberOf: groupId });
    expect(page.items.map((u) => u.displayName)).toEqual(["Out Member"]);
  });
});
