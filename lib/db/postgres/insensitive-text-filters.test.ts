import { describe, expect, it } from "vitest";
import { withInsensitiveMatching } from "./insensitive-text-filters";

describe("withInsensitiveMatching", () => {
  it("makes every contains/startsWith/endsWith filter case-insensitive, at any depth, and nothing else", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const where = {
      deletedAt: null,
      createdAt: { lt: at },
      OR: [{ displayName: { contains: "ali" } }, { userPrincipalName: { startsWith: "Ali" } }],
      AND: [{ NOT: { mail: { endsWith: "@x.test" } } }],
      members: { some: { user: { displayName: { contains: "bo", mode: "default" } } } },
      userPrincipalName: { equals: "A@x.test" },
    };
    withInsensitiveMatching(where);
    expect(where).toEqual({
      deletedAt: null,
      createdAt: { lt: at },
      OR: [
        { displayName: { contains: "ali", mode: "insensitive" } },
        { userPrincipalName: { startsWith: "Ali", mode: "insensitive" } },
      ],
      AND: [{ NOT: { mail: { endsWith: "@x.test", mode: "insensitive" } } }],
      // An explicit mode is the caller's choice.
      members: { some: { user: { displayName: { contains: "bo", mode: "default" } } } },
      userPrincipalName: { equals: "A@x.test" },
    });
  });
});
