import { describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { createUser } from "./create-user";
import { softDeleteUser } from "./soft-delete-user";
import { importDirectoryFile } from "./import-directory-file";
import type { ImportOutcome } from "./import-types";

const csvHeader =
  "version:v1.0\n" +
  "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname],Job title [jobTitle],Department [department],Usage location [usageLocation],Street address [streetAddress],State or province [state],Country or region [country],Office [physicalDeliveryOfficeName],City [city],ZIP or postal code [postalCode],Office phone [telephoneNumber],Mobile phone [mobile]\n";

function imported(o: ImportOutcome) {
  if (o.status !== "imported") throw new Error(`expected imported, got ${JSON.stringify(o.errors)}`);
  return o;
}
function invalid(o: ImportOutcome) {
  if (o.status !== "invalid") throw new Error("expected invalid");
  return o;
}
async function appError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}
const counts = async () => ({
  users: await prisma.directoryUser.count(),
  groups: await prisma.directoryGroup.count(),
  memberships: await prisma.groupMembership.count(),
  changes: await prisma.directoryChange.count(),
});

const graphUsers = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
  value: [
    {
      id: "6e7b768e-07e2-4810-8459-485f84f8f204",
      businessPhones: ["+1 425 555 0109"],
      displayName: "Adele Vance",
      givenName: "Adele",
      jobTitle: "Retail Manager",
      mail: "AdeleV@graphimport.onmicrosoft.com",
      mobilePhone: null,
      officeLocation: "18/2111",
      preferredLanguage: "en-US",
      surname: "Vance",
      userPrincipalName: "AdeleV@graphimport.onmicrosoft.com",
      accountEnabled: true,
      department: "Retail",
      employeeId: "1001",
      mailNickname: "AdeleV",
      onPremisesSyncEnabled: null,
      identities: [{ signInType: "userPrincipalName", issuer: "x", issuerAssignedId: "AdeleV" }],
    },
    {
      id: "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
      businessPhones: [],
      displayName: "Alex Wilber",
      givenName: "Alex",
      surname: "Wilber",
      userPrincipalName: "AlexW@graphimport.onmicrosoft.com",
      accountEnabled: false,
    },
  ],
};

const groupsFile = (members: unknown[]) => ({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups(members())",
  value: [
    {
      id: "02bd9fd6-8f93-4758-87c3-1fb73740a315",
      displayName: "Retail Team",
      mailNickname: "RetailTeam",
      description: "Shops",
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: ["Unified"],
      members,
    },
  ],
});

describe("importDirectoryFile: Microsoft Graph JSON", () => {
  it("imports users as GET /users returns them, keeping their ids, and records Created in bulk", async () => {
    const before = await counts();
    const out = imported(
      await importDirectoryFile({ fileName: "users.json", text: JSON.stringify(graphUsers) }, { actor: "test" }),
    );
    expect(out.format).toBe("graph-json");
    expect(out.description).toBe("Microsoft Graph JSON: 2 users");
    expect(out.users).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(out.notes.join(" ")).toMatch(/identities/);
    const adele = await prisma.directoryUser.findUniqueOrThrow({
      where: { id: "6e7b768e-07e2-4810-8459-485f84f8f204" },
    });
    expect(adele).toMatchObject({
      telephoneNumber: "+1 425 555 0109",
      officeLocation: "18/2111",
      department: "Retail",
      mailNickname: "AdeleV",
      accountEnabled: true,
    });
    const alex = await prisma.directoryUser.findUniqueOrThrow({
      where: { id: "87d349ed-44d7-43e1-9a83-5f2406dee5bd" },
    });
    expect(alex).toMatchObject({ accountEnabled: false, mailNickname: "AlexW", telephoneNumber: null });
    expect((await counts()).changes - before.changes).toBe(2);

    // The same file again changes nothing; a changed attribute updates just that user.
    expect(
      imported(
        await importDirectoryFile({ fileName: "users.json", text: JSON.stringify(graphUsers) }, { actor: "test" }),
      ).users,
    ).toEqual({ created: 0, updated: 0, unchanged: 2 });
    const changed = structuredClone(graphUsers);
    changed.value[1].displayName = "Alex W. Wilber";
    expect(
      imported(await importDirectoryFile({ fileName: "users.json", text: JSON.stringify(changed) }, { actor: "test" }))
        .users,
    ).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(await prisma.directoryChange.count({ where: { objectId: alex.id, kind: "Updated" } })).toBe(1);
  });

  it("imports groups with members resolved against existing users and users of the same file", async () => {
    await importDirectoryFile({ fileName: "u.json", text: JSON.stringify(graphUsers) }, { actor: "test" });
    const out = imported(
      await importDirectoryFile(
        {
          fileName: "groups.json",
          text: JSON.stringify(
            groupsFile([
              { "@odata.type": "#microsoft.graph.user", id: "6e7b768e-07e2-4810-8459-485f84f8f204" },
              { "@odata.type": "#microsoft.graph.user", id: "87d349ed-44d7-43e1-9a83-5f2406dee5bd" },
              { "@odata.type": "#microsoft.graph.group", id: "nested-group" },
            ]),
          ),
        },
        { actor: "test" },
      ),
    );
    expect(out.description).toBe("Microsoft Graph JSON: 1 group");
    expect(out.groups.created).toBe(1);
    expect(out.notes.join(" ")).toMatch(/not a user/);
    expect(out.notes.join(" ")).toMatch(/groupTypes/);
    expect(await prisma.groupMembership.count({ where: { groupId: "02bd9fd6-8f93-4758-87c3-1fb73740a315" } })).toBe(2);

    // Re-import with one member fewer: the group's members follow the file and MembersChanged is recorded.
    const again = imported(
      await importDirectoryFile(
        {
          fileName: "groups.json",
          text: JSON.stringify(
            groupsFile([{ "@odata.type": "#microsoft.graph.user", id: "6e7b768e-07e2-4810-8459-485f84f8f204" }]),
          ),
        },
        { actor: "test" },
      ),
    );
    expect(again.groups).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(again.membershipChanges).toBe(1);
    expect(await prisma.groupMembership.count({ where: { groupId: "02bd9fd6-8f93-4758-87c3-1fb73740a315" } })).toBe(1);
    expect(
      await prisma.directoryChange.count({
        where: { objectId: "02bd9fd6-8f93-4758-87c3-1fb73740a315", kind: "MembersChanged" },
      }),
    ).toBe(1);
  });

  it("takes users and groups from one file, members referring to users in the same file", async () => {
    const mixed = {
      value: [
        { "@odata.type": "#microsoft.graph.user", id: "u-1", userPrincipalName: "one@mixed.com", displayName: "One" },
        { "@odata.type": "#microsoft.graph.group", id: "g-1", displayName: "Mixed", members: [{ id: "u-1" }] },
      ],
    };
    const out = imported(
      await importDirectoryFile({ fileName: "mixed.json", text: JSON.stringify(mixed) }, { actor: "test" }),
    );
    expect(out.description).toBe("Microsoft Graph JSON: 1 user and 1 group");
    expect(await prisma.groupMembership.findMany({ where: { groupId: "g-1" } })).toEqual([
      expect.objectContaining({ userId: "u-1" }),
    ]);
  });

  it("matches an existing user by UPN (any case) and maps the file's id for members", async () => {
    const existing = await createUser({ userPrincipalName: "match@upn.com", displayName: "Old Name" }, "test");
    const file = {
      value: [
        { id: "file-id-1", userPrincipalName: "MATCH@upn.com", displayName: "New Name" },
        { id: "g-upn", displayName: "Upn Group", securityEnabled: true, members: [{ id: "file-id-1" }] },
      ],
    };
    const out = imported(
      await importDirectoryFile({ fileName: "m.json", text: JSON.stringify(file) }, { actor: "test" }),
    );
    expect(out.users).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await prisma.directoryUser.findUniqueOrThrow({ where: { id: existing.id } })).displayName).toBe("New Name");
    expect(await prisma.groupMembership.count({ where: { groupId: "g-upn", userId: existing.id } })).toBe(1);
  });

  it("keeps dates and the deleted state of matched users, and dates of new users read back as dates", async () => {
    const { id } = await createUser({ userPrincipalName: "gone@dates.com", displayName: "Gone" }, "test");
    await softDeleteUser({ id }, "test");
    const before = await prisma.directoryUser.findUniqueOrThrow({ where: { id } });
    const started = Date.now();
    const out = imported(
      await importDirectoryFile(
        {
          fileName: "d.json",
          text: JSON.stringify({
            value: [
              { userPrincipalName: "gone@dates.com", displayName: "Gone Again" },
              { id: "new-dated", userPrincipalName: "new@dates.com", displayName: "New" },
            ],
          }),
        },
        { actor: "test" },
      ),
    );
    expect(out.notes.join(" ")).toMatch(/1 matching user is in Deleted users/);
    const after = await prisma.directoryUser.findUniqueOrThrow({ where: { id } });
    expect(after.displayName).toBe("Gone Again");
    expect(after.deletedAt?.toISOString()).toBe(before.deletedAt?.toISOString());
    expect(after.createdAt.toISOString()).toBe(before.createdAt.toISOString());
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    const created = await prisma.directoryUser.findUniqueOrThrow({ where: { id: "new-dated" } });
    expect(Math.abs(created.createdAt.getTime() - started)).toBeLessThan(60_000);
    expect(created.deletedAt).toBeNull();
    expect(
      (await prisma.directoryUser.findMany({ where: { createdAt: { gte: new Date(started - 1000) } } })).map(
        (u) => u.id,
      ),
    ).toContain("new-dated");
  });

  it("refuses, saving nothing, a file in which two users swap user principal names", async () => {
    const a = await createUser({ userPrincipalName: "swap-a@swap.com", displayName: "Swap A" }, "test");
    const b = await createUser({ userPrincipalName: "swap-b@swap.com", displayName: "Swap B" }, "test");
    const before = await counts();
    const file = {
      value: [
        { id: a.id, userPrincipalName: "swap-b@swap.com" },
        { id: b.id, userPrincipalName: "swap-a@swap.com" },
      ],
    };
    expect(
      (
        await appError(
          importDirectoryFile(
            {
              fileName: "s.json",
              text: JSON.stringify({ "@odata.context": "x/$metadata#users", ...file }),
            },
            { actor: "test" },
          ),
        )
      ).message,
    ).toMatch(/take each other's user principal names/);
    expect(await counts()).toEqual(before);
    expect((await prisma.directoryUser.findUniqueOrThrow({ where: { id: a.id } })).userPrincipalName).toBe(
      "swap-a@swap.com",
    );
  });

  it("rejects the whole file when a member id is unknown, saving nothing", async () => {
    const before = await counts();
    const file = {
      value: [
        { id: "ok-user", userPrincipalName: "fine@bad.com", displayName: "Fine" },
        {
          id: "bad-group",
          displayName: "Bad",
          securityEnabled: true,
          members: [{ id: "ok-user" }, { "@odata.type": "#microsoft.graph.user", id: "ghost" }],
        },
      ],
    };
    const out = invalid(
      await importDirectoryFile({ fileName: "bad.json", text: JSON.stringify(file) }, { actor: "test" }),
    );
    expect(out.rowLabel).toBe("Item");
    expect(out.errors).toEqual([
      { row: 2, field: "members[1]", message: "No user with id ghost in the directory or in this file." },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("reports bad attributes per item and saves nothing", async () => {
    const before = await counts();
    const file = {
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
      value: [
        { id: "v1", userPrincipalName: "good@v.com", displayName: "Good" },
        { id: "v2", userPrincipalName: "not-an-upn", displayName: "Bad" },
        { id: "v3", userPrincipalName: "good@v.com", displayName: "Dup" },
        { id: "v4", displayName: "No UPN" },
      ],
    };
    const out = invalid(
      await importDirectoryFile({ fileName: "users.json", text: JSON.stringify(file) }, { actor: "test" }),
    );
    expect(out.errors.map((e) => [e.row, e.field])).toEqual([
      [2, "userPrincipalName"],
      [3, "userPrincipalName"],
      [4, "userPrincipalName"],
    ]);
    expect(out.errors[1].message).toMatch(/also used in row 1/);
    expect(await counts()).toEqual(before);
  });

  it("does not report a member twice when the member's own item is the bad one", async () => {
    const file = {
      value: [
        {
          "@odata.type": "#microsoft.graph.user",
          id: "broken-user",
          userPrincipalName: "broken",
          displayName: "Broken",
        },
        { "@odata.type": "#microsoft.graph.group", id: "grp", displayName: "Grp", members: [{ id: "broken-user" }] },
      ],
    };
    const out = invalid(
      await importDirectoryFile({ fileName: "x.json", text: JSON.stringify(file) }, { actor: "test" }),
    );
    expect(out.errors.map((e) => [e.row, e.field])).toEqual([[1, "userPrincipalName"]]);
  });

  it("refuses malformed and unrecognised JSON with a clear message", async () => {
    const before = await counts();
    expect(
      (await appError(importDirectoryFile({ fileName: "x.json", text: '{"value": [ {"id": 1,, }' }, { actor: "test" })))
        .message,
    ).toMatch(/not valid JSON/);
    expect(
      (await appError(importDirectoryFile({ fileName: "x.json", text: '{"users": []}' }, { actor: "test" }))).message,
    ).toMatch(/no "value" array/);
    expect(
      (await appError(importDirectoryFile({ fileName: "x.json", text: '{"value": []}' }, { actor: "test" }))).message,
    ).toMatch(/empty/);
    const unknown = invalid(
      await importDirectoryFile(
        { fileName: "x.json", text: '{"value": [{"id": "a", "displayName": "?"}]}' },
        { actor: "test" },
      ),
    );
    expect(unknown.errors[0].message).toMatch(/Cannot tell whether this is a user or a group/);
    expect(await counts()).toEqual(before);
  });

  it("refuses a file over the size limit", async () => {
    const text = `{"value": [], "pad": "${"x".repeat(21 * 1024 * 1024)}"}`;
    expect((await appError(importDirectoryFile({ fileName: "big.json", text }, { actor: "test" }))).message).toMatch(
      /largest file Provisio imports is 20\.0 MB/,
    );
  });
});

describe("importDirectoryFile: Entra bulk-create CSV", () => {
  it("imports users by the bracketed attribute names; Block sign in Yes means accountEnabled false", async () => {
    const text =
      csvHeader +
      'Zoë Ångström,zoe@csv.example.com,P@ssw0rd!,No,Zoë,Ångström,Engineer,Research,se,"Kungsgatan 1, floor 3",,Sweden,Stockholm HQ,Stockholm,111 35,+46 8 123,+46 70 123\n' +
      "José Núñez,jose@csv.example.com,P@ssw0rd!,Yes,José,Núñez,,Legal,ES,,,Spain,,Madrid,,,\n";
    const before = await counts();
    const out = imported(await importDirectoryFile({ fileName: "UserCreateTemplate.csv", text }, { actor: "test" }));
    expect(out.format).toBe("entra-csv");
    expect(out.description).toBe("Entra bulk-create CSV: 2 user rows");
    expect(out.users).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(out.notes).toContain(
      "passwordProfile ignored: Provisio does not hold passwords (the target application or single sign-on does).",
    );
    const zoe = await prisma.directoryUser.findUniqueOrThrow({ where: { userPrincipalName: "zoe@csv.example.com" } });
    expect(zoe).toMatchObject({
      displayName: "Zoë Ångström",
      accountEnabled: true,
      usageLocation: "SE",
      streetAddress: "Kungsgatan 1, floor 3",
      officeLocation: "Stockholm HQ",
      telephoneNumber: "+46 8 123",
      mobilePhone: "+46 70 123",
      mailNickname: "zoe",
      state: null,
    });
    const jose = await prisma.directoryUser.findUniqueOrThrow({ where: { userPrincipalName: "jose@csv.example.com" } });
    expect(jose.accountEnabled).toBe(false);
    expect((await counts()).changes - before.changes).toBe(2);

    // Existing users (by UPN) are updated; empty cells keep what is there.
    const update = csvHeader + "José Núñez,JOSE@csv.example.com,,No,,,Counsel,,,,,,,,,,\n";
    expect(imported(await importDirectoryFile({ fileName: "u.csv", text: update }, { actor: "test" })).users).toEqual({
      created: 0,
      updated: 1,
      unchanged: 0,
    });
    expect(await prisma.directoryUser.findUniqueOrThrow({ where: { id: jose.id } })).toMatchObject({
      accountEnabled: true,
      jobTitle: "Counsel",
      department: "Legal",
    });
  });

  it("rejects the whole file when one row is broken, with row, field and message, saving nothing", async () => {
    const text =
      csvHeader +
      "Good One,good1@csv.example.com,x,No,,,,,,,,,,,,,\n" +
      "Bad One,not a upn,x,Maybe,,,,,,,,,,,,,\n" +
      ",missing@csv.example.com,x,No,,,,,,,,,,,,,\n" +
      "Good Two,good2@csv.example.com,x,No,,,,,,,,,,,,,\n";
    const before = await counts();
    const out = invalid(await importDirectoryFile({ fileName: "broken.csv", text }, { actor: "test" }));
    expect(out.rowLabel).toBe("Row");
    expect(out.errors.map((e) => [e.row, e.field])).toEqual([
      [4, "accountEnabled"],
      [4, "userPrincipalName"],
      [5, "displayName"],
    ]);
    expect(out.errors[0].message).toBe('Block sign in must be Yes or No, not "Maybe".');
    expect(await counts()).toEqual(before);
    expect(await prisma.directoryUser.count({ where: { userPrincipalName: "good1@csv.example.com" } })).toBe(0);
  });

  it("reports a user principal name that another user already holds", async () => {
    await createUser({ userPrincipalName: "held@csv.example.com", displayName: "Holder" }, "test");
    const text =
      csvHeader + "Dup A,dupe@csv.example.com,x,No,,,,,,,,,,,,,\nDup B,DUPE@csv.example.com,x,No,,,,,,,,,,,,,\n";
    const out = invalid(await importDirectoryFile({ fileName: "dup.csv", text }, { actor: "test" }));
    expect(out.errors).toEqual([
      { row: 4, field: "userPrincipalName", message: "DUPE@csv.example.com is also used in row 3." },
    ]);
  });

  it("refuses malformed CSV and CSV that is not Entra's template", async () => {
    const before = await counts();
    expect(
      (
        await appError(
          importDirectoryFile({ fileName: "q.csv", text: csvHeader + 'A,"unclosed@x.com,x,No\n' }, { actor: "test" }),
        )
      ).message,
    ).toMatch(/cannot be read/);
    expect(
      (await appError(importDirectoryFile({ fileName: "p.csv", text: "name,email\nA,a@x.com\n" }, { actor: "test" })))
        .message,
    ).toMatch(/version:v1.0/);
    expect(
      (
        await appError(
          importDirectoryFile({ fileName: "v.csv", text: "version:v2.0\nName [displayName]\n" }, { actor: "test" }),
        )
      ).message,
    ).toMatch(/version:v1.0/);
    expect(
      (
        await appError(
          importDirectoryFile(
            {
              fileName: "h.csv",
              text: "version:v1.0\nName [displayName] Required,Email\nA,a@x.com\n",
            },
            { actor: "test" },
          ),
        )
      ).message,
    ).toMatch(/Column 2 \("Email"\) has no \[attribute\] name/);
    expect(
      (
        await appError(
          importDirectoryFile(
            { fileName: "n.csv", text: "version:v1.0\nName [displayName] Required\nA\n" },
            { actor: "test" },
          ),
        )
      ).message,
    ).toMatch(/no \[userPrincipalName\] column/);
    expect(
      (await appError(importDirectoryFile({ fileName: "e.csv", text: csvHeader }, { actor: "test" }))).message,
    ).toMatch(/no user rows/);
    expect((await appError(importDirectoryFile({ fileName: "e.csv", text: "" }, { actor: "test" }))).message).toMatch(
      /empty/,
    );
    const extra = invalid(
      await importDirectoryFile(
        {
          fileName: "x.csv",
          text: "version:v1.0\nName [displayName],User name [userPrincipalName]\nA,a@x.com,surprise\n",
        },
        { actor: "test" },
      ),
    );
    expect(extra.errors[0]).toMatchObject({ row: 3, field: "(row)" });
    expect(await counts()).toEqual(before);
  });

  it("imports thousands of rows quickly in one transaction", async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) =>
        `Bulk User ${i},bulk${i}@bulk.example.com,x,${i % 10 === 0 ? "Yes" : "No"},Bulk,User ${i},,Dept ${i % 8},US,,,,,,,,`,
    );
    const started = Date.now();
    const out = imported(
      await importDirectoryFile({ fileName: "bulk.csv", text: csvHeader + rows.join("\n") }, { actor: "test" }),
    );
    expect(out.users.created).toBe(5000);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(
      await prisma.directoryUser.count({ where: { userPrincipalName: { startsWith: "bulk" }, accountEnabled: false } }),
    ).toBe(500);
    expect(
      await prisma.directoryChange.count({ where: { kind: "Created", objectType: "User" } }),
    ).toBeGreaterThanOrEqual(5000);
  });
});
