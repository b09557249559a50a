import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { listAuditEvents } from "../audit/list-audit-events";
import { addGroupMembers } from "./add-group-members";
import { createGroup } from "./create-group";
import { createUser } from "./create-user";
import { hardDeleteGroup } from "./hard-delete-group";
import { hardDeleteUser } from "./hard-delete-user";
import { importDirectoryFile } from "./import-directory-file";
import { removeGroupMembers } from "./remove-group-members";
import { restoreGroup } from "./restore-group";
import { restoreUser } from "./restore-user";
import { setUserAccountEnabled } from "./set-user-account-enabled";
import { softDeleteGroup } from "./soft-delete-group";
import { softDeleteUser } from "./soft-delete-user";
import { updateGroup } from "./update-group";
import { updateUser } from "./update-user";

const trail = async () =>
  (await prisma.auditEvent.findMany({ orderBy: { id: "asc" } })).map((e) => ({
    actor: e.actor,
    action: e.action,
    applicationId: e.applicationId,
    details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : null,
  }));

describe("directory writes are audited", () => {
  // The test database is shared by the tests of this file; each reads only its own entries.
  beforeEach(() => prisma.auditEvent.deleteMany());

  it("records every user write under its actor, with changed attribute names only", async () => {
    const { id } = await createUser(
      { userPrincipalName: "ada@contoso.example", displayName: "Ada", department: "R&D" },
      "alice",
    );
    await updateUser({ id, jobTitle: "Engineer", department: "R&D" }, "ci (API token)");
    await updateUser({ id, jobTitle: "Engineer" }, "alice"); // nothing changed: no entry
    await setUserAccountEnabled({ id, accountEnabled: false }, "alice");
    await setUserAccountEnabled({ id, accountEnabled: false }, "alice"); // already disabled: no entry
    await setUserAccountEnabled({ id, accountEnabled: true }, "alice");
    await softDeleteUser({ id }, "alice");
    await restoreUser({ id }, "alice");
    await softDeleteUser({ id }, "alice");
    await hardDeleteUser({ id }, "bob");

    const events = await trail();
    expect(events.map((e) => `${e.actor}: ${e.action}`)).toEqual([
      "alice: directory.user.created",
      "ci (API token): directory.user.updated",
      "alice: directory.user.disabled",
      "alice: directory.user.enabled",
      "alice: directory.user.deleted",
      "alice: directory.user.restored",
      "alice: directory.user.deleted",
      "bob: directory.user.permanentlyDeleted",
    ]);
    expect(events.every((e) => e.applicationId === null)).toBe(true);
    expect(events[0]!.details).toMatchObject({ userId: id, userPrincipalName: "ada@contoso.example" });
    expect(events[0]!.details!.attributes).toEqual(
      expect.arrayContaining(["userPrincipalName", "displayName", "department"]),
    );
    // The names of what changed, never the values.
    expect(events[1]!.details).toEqual({ userId: id, userPrincipalName: "ada@contoso.example", changed: ["jobTitle"] });

    // The non-application audit trail (the page and GET /api/v1/audit) shows them, in words.
    const listed = await listAuditEvents(null);
    expect(listed.events[0]).toMatchObject({ actor: "bob", label: "Directory user permanently deleted" });
  });

  it("records group writes and membership changes with counts", async () => {
    const a = await createUser({ userPrincipalName: "a@contoso.example", displayName: "A" }, "test");
    const b = await createUser({ userPrincipalName: "b@contoso.example", displayName: "B" }, "test");
    await prisma.auditEvent.deleteMany(); // the two users above are not this test's subject
    const { id } = await createGroup({ displayName: "Sales" }, "alice");
    await updateGroup({ id, description: "Sellers", displayName: "Sales" }, "alice");
    await addGroupMembers({ groupId: id, userIds: [a.id, b.id] }, "alice");
    await addGroupMembers({ groupId: id, userIds: [a.id] }, "alice"); // already a member: no entry
    await removeGroupMembers({ groupId: id, userIds: [b.id] }, "alice");
    await removeGroupMembers({ groupId: id, userIds: [b.id] }, "alice"); // not a member: no entry
    await softDeleteGroup({ id }, "alice");
    await restoreGroup({ id }, "alice");
    await softDeleteGroup({ id }, "alice");
    await hardDeleteGroup({ id }, "alice");

    const events = await trail();
    expect(events.map((e) => e.action)).toEqual([
      "directory.group.created",
      "directory.group.updated",
      "directory.group.membersAdded",
      "directory.group.membersRemoved",
      "directory.group.deleted",
      "directory.group.restored",
      "directory.group.deleted",
      "directory.group.permanentlyDeleted",
    ]);
    expect(events[1]!.details).toEqual({ groupId: id, displayName: "Sales", changed: ["description"] });
    expect(events[2]!.details).toMatchObject({ groupId: id, displayName: "Sales", added: 2 });
    expect(events[3]!.details).toEqual({ groupId: id, displayName: "Sales", removed: 1 });
  });

  it("a refused write leaves no audit entry", async () => {
    const { id } = await createUser({ userPrincipalName: "c@contoso.example", displayName: "C" }, "alice");
    await expect(restoreUser({ id }, "alice")).rejects.toMatchObject({ code: "directory.not_deleted" });
    await expect(
      createUser({ userPrincipalName: "C@contoso.example", displayName: "C again" }, "alice"),
    ).rejects.toBeTruthy();
    expect((await trail()).map((e) => e.action)).toEqual(["directory.user.created"]);
  });

  it("a bulk import is one entry with its counts, and an invalid file none", async () => {
    const csv = (rows: string[]) =>
      "version:v1.0\r\n" +
      "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required\r\n" +
      rows.join("\r\n");
    const ok = await importDirectoryFile(
      {
        fileName: "people.csv",
        text: csv(["One,one@contoso.example,Pa55word!x,No", "Two,two@contoso.example,Pa55word!x,No"]),
      },
      { actor: "alice" },
    );
    expect(ok.status).toBe("imported");
    const bad = await importDirectoryFile(
      { fileName: "bad.csv", text: csv(["Three,not-an-upn,Pa55word!x,No"]) },
      { actor: "alice" },
    );
    expect(bad.status).toBe("invalid");

    const events = await trail();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: "alice", action: "directory.imported", applicationId: null });
    expect(events[0]!.details).toMatchObject({
      fileName: "people.csv",
      format: "entra-csv",
      users: { created: 2, updated: 0, unchanged: 0 },
    });
    expect(JSON.stringify(events[0]!.details)).not.toContain("Pa55word");
    const listed = await listAuditEvents(null);
    expect(listed.events[0]!.label).toBe("Directory bulk import");
  });
});
