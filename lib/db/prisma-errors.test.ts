import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Prisma } from "@prisma/client";
import { prisma } from "./prisma";

// Prisma's error messages print the arguments of the failed call (raw query parameters included): directory
// personal data in the server log. The shared client redacts them, keeping what went wrong.

const PERSONAL = "adele.vance-personal@contoso.test";

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

function expectNoValues(e: Error) {
  for (const text of [e.message, e.stack ?? "", inspect(e), JSON.stringify(e)]) expect(text).not.toContain(PERSONAL);
}

describe("Prisma errors never carry query parameters", () => {
  it("redacts the parameters of a raw query that fails (a lone surrogate)", async () => {
    const e = await failure(prisma.$executeRawUnsafe("SELECT ?, ?", PERSONAL, "Bad \ud800 name"));
    expectNoValues(e);
    expect(e.message).toMatch(/Invalid `prisma\.\$executeRawUnsafe\(\)` invocation/);
    expect(e.message).toMatch(/unexpected end of hex escape/);
    expect(e.stack).toMatch(/^PrismaClient\w+Error: /);
  });

  it("redacts the arguments of a model call, inside a transaction too", async () => {
    const bad = { data: { username: PERSONAL, role: 5 as unknown as string } };
    expectNoValues(await failure(prisma.adminUser.create(bad)));
    expectNoValues(await failure(prisma.$transaction(async (tx) => tx.adminUser.create(bad))));
    const e = await failure(prisma.adminUser.findUnique({ where: { username: `${PERSONAL}\ud800` } }));
    expectNoValues(e);
  });

  it("keeps the error's class and code, so callers still recognise a unique violation", async () => {
    await prisma.adminUser.create({ data: { username: PERSONAL, role: "Reader" } });
    const e = await failure(prisma.adminUser.create({ data: { username: PERSONAL, role: "Reader" } }));
    expect(e).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((e as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
    expectNoValues(e);
    await prisma.adminUser.deleteMany({ where: { username: PERSONAL } });
  });
});
