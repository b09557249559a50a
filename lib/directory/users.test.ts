import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { createUser } from "./create-user";
import { getUser } from "./get-user";
import { hardDeleteUser } from "./hard-delete-user";
import { listUsers } from "./list-users";
import { restoreUser } from "./restore-user";
import { setUserAccountEnabled } from "./set-user-account-enabled";
import { softDeleteUser } from "./soft-delete-user";
import { updateUser } from "./update-user";
import { createGroup } from "./create-group";
import { addGroupMembers } from "./add-group-members";

const changesFor = (objectId: string) =>
  prisma.directoryChange.findMany({ where: { objectId }, orderBy: { seq: "asc" } }).then((r) => r.map((c) => c.kind));

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

describe("users", () => {
  it("creates a user with Entra's attributes, deriving mailNickname, and records Created", async () => {
    const { id } = await createUser(
      {
        userPrincipalName: "Ada.Lovelace@contoso.com",
        displayName: "Ada Lovelace",
        department: "Engineering",
        usageLocation: "gb",
        givenName: "",
      },
      "test",
    );
    const user = await getUser(id);
    expect(user).toMatchObject({
      mailNickname: "Ada.Lovelace",
      accountEnabled: true,
      usageLocation: "GB",
      givenName: null,
      deletedAt: null,
    });
    expect(await changesFor(id)).toEqual(["Created"]);
  });

  it("refuses a duplicate user principal name, in any letter case, as a field error, saving nothing", async () => {
    await createUser({ userPrincipalName: "grace@contoso.com", displayName: "Grace Hopper" }, "test");
    const before = await prisma.directoryChange.count();
    const err = await caught(
      createUser({ userPrincipalName: "GRACE@contoso.com", displayName: "Someone Else" }, "test"),
    );
    expect(err.code).toBe("directory.upn_taken");
    expect(err.fieldErrors?.userPrincipalName).toMatch(/already has the user principal name grace@contoso.com/);
    expect(await prisma.directoryUser.count({ where: { displayName: "Someone Else" } })).toBe(0);
    expect(await prisma.directoryChange.count()).toBe(before);
  });

  it("refuses a UPN change onto another user's name", async () => {
    await createUser({ userPrincipalName: "taken@contoso.com", displayName: "Taken" }, "test");
    const { id } = await createUser({ userPrincipalName: "mover@contoso.com", displayName: "Mover" }, "test");
    const err = await caught(updateUser({ id, userPrincipalName: "Taken@Contoso.com" }, "test"));
    expect(err.fieldErrors?.userPrincipalName).toBeDefined();
    expect((await getUser(id))?.userPrincipalName).toBe("mover@contoso.com");
  });

  it("validates UPN, mailNickname and lengths", async () => {
    await expect(createUser({ userPrincipalName: "no-domain", displayName: "X" }, "test")).rejects.toThrow(
      /user@domain/,
    );
    await expect(
      createUser({ userPrincipalName: "a@b.com", displayName: "X", mailNickname: "has space" }, "test"),
    ).rejects.toThrow(/cannot contain spaces/);
    await expect(createUser({ userPrincipalName: "a@b.com", displayName: "x".repeat(257) }, "test")).rejects.toThrow(
      /at most 256/,
    );
    await expect(
      createUser({ userPrincipalName: "a@b.com", displayName: "X", usageLocation: "USA" }, "test"),
    ).rejects.toThrow(/two-letter/);
    await expect(createUser({ userPrincipalName: "a@b.com", displayName: "X", mail: "nope" }, "test")).rejects.toThrow(
      /email address/,
    );
  });

  it("updates only what changed, and records Updated only when something did", async () => {
    const { id } = await createUser(
      {
        userPrincipalName: "edit@contoso.com",
        displayName: "Edit Me",
        department: "Sales",
      },
      "test",
    );
    expect((await updateUser({ id, department: "Sales" }, "test")).changed).toEqual([]);
    expect(await changesFor(id)).toEqual(["Created"]);
    expect((await updateUser({ id, department: "Marketing", jobTitle: "" }, "test")).changed).toEqual(["department"]);
    expect((await getUser(id))?.department).toBe("Marketing");
    expect(await changesFor(id)).toEqual(["Created", "Updated"]);
  });

  it("disables and enables through accountEnabled", async () => {
    const { id } = await createUser({ userPrincipalName: "dis@contoso.com", displayName: "Dis Abled" }, "test");
    expect(await setUserAccountEnabled({ id, accountEnabled: false }, "test")).toEqual({ changed: true });
    expect((await getUser(id))?.accountEnabled).toBe(false);
    expect(await setUserAccountEnabled({ id, accountEnabled: false }, "test")).toEqual({ changed: false });
    await setUserAccountEnabled({ id, accountEnabled: true }, "test");
    expect(await changesFor(id)).toEqual(["Created", "Updated", "Updated"]);
  });

  it("soft deletes and restores with memberships intact; a deleted user cannot be edited", async () => {
    const { id } = await createUser({ userPrincipalName: "soft@contoso.com", displayName: "Soft Delete" }, "test");
    const { id: groupId } = await createGroup({ displayName: "Keepers" }, "test");
    await addGroupMembers({ groupId, userIds: [id] }, "test");
    await softDeleteUser({ id }, "test");
    expect((await getUser(id))?.deletedAt).toBeInstanceOf(Date);
    await expect(updateUser({ id, department: "X" }, "test")).rejects.toThrow(/Restore the user/);
    await expect(setUserAccountEnabled({ id, accountEnabled: false }, "test")).rejects.toThrow(/Restore the user/);
    await expect(softDeleteUser({ id }, "test")).rejects.toThrow(/already deleted/);
    await restoreUser({ id }, "test");
    const user = await getUser(id);
    expect(user?.deletedAt).toBeNull();
    expect(user?.memberships.map((m) => m.displayName)).toEqual(["Keepers"]);
    expect(await changesFor(id)).toEqual(["Created", "SoftDeleted", "Restored"]);
  });

  it("permanently deletes only a soft-deleted user, recording HardDeleted and the group's membership change", async () => {
    const { id } = await createUser({ userPrincipalName: "hard@contoso.com", displayName: "Hard Delete" }, "test");
    const { id: groupId } = await createGroup({ displayName: "Losers of a member" }, "test");
    await addGroupMembers({ groupId, userIds: [id] }, "test");
    await expect(hardDeleteUser({ id }, "test")).rejects.toThrow(/Only deleted users can be permanently deleted/);
    await softDeleteUser({ id }, "test");
    await hardDeleteUser({ id }, "test");
    expect(await getUser(id)).toBeNull();
    expect(await prisma.groupMembership.count({ where: { userId: id } })).toBe(0);
    expect(await changesFor(id)).toEqual(["Created", "SoftDeleted", "HardDeleted"]);
    expect(await changesFor(groupId)).toEqual(["Created", "MembersChanged", "MembersChanged"]);
    // The name is free again.
    await expect(
      createUser({ userPrincipalName: "hard@contoso.com", displayName: "Hard Delete II" }, "test"),
    ).resolves.toBeDefined();
  });

  it("lists with search over displayName, UPN, mail, mailNickname and department, state filters and paging", async () => {
    for (let i = 0; i < 7; i++) {
      await createUser(
        {
          userPrincipalName: `pager${i}@fabrikam.com`,
          displayName: `Pager ${i}`,
          department: i < 3 ? "Research" : "Legal",
        },
        "test",
      );
    }
    const { id } = await createUser(
      {
        userPrincipalName: "zed@fabrikam.com",
        displayName: "Zed",
        mailNickname: "zorro",
        mail: "zed.mail@fabrikam.com",
      },
      "test",
    );
    await setUserAccountEnabled({ id, accountEnabled: false }, "test");
    const page1 = await listUsers({ search: "fabrikam", pageSize: 3 });
    expect(page1.total).toBe(8);
    expect(page1.items.map((u) => u.displayName)).toEqual(["Pager 0", "Pager 1", "Pager 2"]);
    const page3 = await listUsers({ search: "fabrikam", pageSize: 3, page: 3 });
    expect(page3.items.map((u) => u.displayName)).toEqual(["Pager 6", "Zed"]);
    expect((await listUsers({ search: "research" })).total).toBe(3);
    expect((await listUsers({ search: "zorro" })).items.map((u) => u.displayName)).toEqual(["Zed"]);
    expect((await listUsers({ search: "zed.mail" })).items.map((u) => u.displayName)).toEqual(["Zed"]);
    const disabled = await listUsers({ search: "fabrikam", state: "disabled" });
    expect(disabled.items.map((u) => u.displayName)).toEqual(["Zed"]);
    expect(disabled.counts).toMatchObject({ all: 8, active: 7, disabled: 1, deleted: 0 });
    await softDeleteUser({ id }, "test");
    expect((await listUsers({ search: "fabrikam" })).total).toBe(7);
    expect((await listUsers({ search: "fabrikam", state: "deleted" })).items.map((u) => u.displayName)).toEqual([
      "Zed",
    ]);
  });
});
