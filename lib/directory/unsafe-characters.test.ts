import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { createGroup } from "./create-group";
import { createUser } from "./create-user";
import { importDirectoryFile } from "./import-directory-file";
import { updateUser } from "./update-user";

// Control, bidirectional and malformed-Unicode characters never get into the directory: they are refused
// with a message naming the attribute and the character, and nothing is saved.

async function fieldErrors(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ZodError) return Object.fromEntries(e.issues.map((i) => [i.path.join("."), i.message]));
    throw e;
  }
  throw new Error("expected the input to be refused");
}

let n = 0;
const upn = () => `unsafe${++n}@contoso.test`;

describe("unsafe characters at the directory boundary", () => {
  const cases: [string, string, RegExp][] = [
    ["NUL", "Ada\u0000Lovelace", /NUL character \(U\+0000\)/],
    ["ESC", "Ada \u001b[31mLovelace", /escape character \(U\+001B\)/],
    ["CR/LF", "Ada\r\nLovelace", /line break/],
    ["U+202E", "Invoice\u202Egnp.exe", /right-to-left override \(U\+202E\)/],
    ["U+2066", "Ada\u2066Lovelace", /left-to-right isolate \(U\+2066\)/],
    ["DEL", "Ada\u007fLovelace", /U\+007F/],
    ["a lone surrogate", "Ada \ud800 Lovelace", /lone UTF-16 surrogate/],
  ];
  for (const [what, value, message] of cases) {
    it(`refuses ${what} in a user's names`, async () => {
      const before = await prisma.directoryUser.count();
      const errors = await fieldErrors(createUser({ userPrincipalName: upn(), displayName: value }, "test"));
      expect(errors.displayName).toMatch(message);
      expect(errors.displayName).toMatch(/^Display name contains/);
      expect(
        (await fieldErrors(createUser({ userPrincipalName: upn(), displayName: "Ada", givenName: value }, "test")))
          .givenName,
      ).toMatch(message);
      expect(await prisma.directoryUser.count()).toBe(before);
    });
  }

  it("refuses them in updates, group names and mail nicknames too", async () => {
    const { id } = await createUser({ userPrincipalName: upn(), displayName: "Grace Hopper" }, "test");
    expect((await fieldErrors(updateUser({ id, surname: "Hop\u202Eper" }, "test"))).surname).toMatch(/U\+202E/);
    expect((await fieldErrors(updateUser({ id, mailNickname: "grace\u001b" }, "test"))).mailNickname).toMatch(
      /U\+001B/,
    );
    expect((await fieldErrors(createGroup({ displayName: "Admins\u0000" }, "test"))).displayName).toMatch(/U\+0000/);
    expect((await prisma.directoryUser.findUniqueOrThrow({ where: { id } })).surname).toBeNull();
  });

  it("keeps line breaks where an attribute has several lines, and ordinary letters of any script", async () => {
    const g = await createGroup({ displayName: "Sales", description: "Line one\r\nLine two\tand a tab" }, "test");
    expect((await prisma.directoryGroup.findUniqueOrThrow({ where: { id: g.id } })).description).toBe(
      "Line one\r\nLine two\tand a tab",
    );
    const { id } = await createUser(
      {
        userPrincipalName: upn(),
        displayName: "\u200Fמרים כהן", // RLM before a Hebrew name: a mark, allowed
        givenName: "Jörg",
        surname: "Müller",
        streetAddress: "1 Main St\nSuite 2",
        jobTitle: "👩\u200D💻 Engineer", // ZWJ emoji sequence
      },
      "test",
    );
    expect(await prisma.directoryUser.findUniqueOrThrow({ where: { id } })).toMatchObject({
      displayName: "\u200Fמרים כהן",
      streetAddress: "1 Main St\nSuite 2",
    });
    expect(
      (await fieldErrors(createUser({ userPrincipalName: upn(), displayName: "A", department: "Sa\nles" }, "test")))
        .department,
    ).toMatch(/line break/);
  });

  it("refuses a Graph JSON import with a lone surrogate with a clear error, and saves nothing", async () => {
    const before = await prisma.directoryUser.count();
    const text = '{"value":[{"userPrincipalName":"surrogate@contoso.test","displayName":"Bad \\ud800 name"}]}';
    const e = await importDirectoryFile({ fileName: "users.json", text }, { actor: "test" }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toMatch(/not valid Unicode: it contains a lone UTF-16 surrogate/);
    expect((e as AppError).message).toMatch(/value\[0\]\.displayName/);
    expect(await prisma.directoryUser.count()).toBe(before);
  });

  it("reports a control character in a CSV row as that row's error", async () => {
    const csv =
      "version:v1.0\n" +
      "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required\n" +
      `"Eve\u202Elin",eve@contoso.test,x,No\n`;
    const outcome = await importDirectoryFile({ fileName: "users.csv", text: csv }, { actor: "test" });
    expect(outcome.status).toBe("invalid");
    if (outcome.status !== "invalid") return;
    expect(outcome.errors[0]).toMatchObject({ row: 3, field: "displayName" });
    expect(outcome.errors[0].message).toMatch(/right-to-left override/);
  });
});
