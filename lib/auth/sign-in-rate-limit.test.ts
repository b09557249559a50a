import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { isAppError } from "../errors";
import { createAdminUser } from "./create-admin-user";
import { signIn } from "./sign-in";

// Brute-force protection as an attacker meets it: one address is slowed down, the account's owner is not.

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
}

beforeEach(async () => {
  await prisma.adminSession.deleteMany();
  await prisma.adminUser.deleteMany();
});

let n = 0;
async function owner() {
  const username = `owner${++n}`;
  const password = `right-password-${n}`;
  await createAdminUser({ username, password, role: "Administrator" }, "t");
  return { username, password };
}

describe("sign-in rate limit", () => {
  it("checks 20 parallel wrong guesses from one address against the limit exactly", async () => {
    const { username } = await owner();
    const now = new Date("2031-01-01T10:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        outcome(signIn({ username, password: `guess-${i}` }, { ip: "203.0.113.50", now })),
      ),
    );
    expect(results.filter((r) => r === "sign_in.invalid")).toHaveLength(5);
    expect(results.filter((r) => r === "sign_in.rate_limited")).toHaveLength(15);
  });

  it("lets the owner in from another address while an attacker is throttled", async () => {
    const { username, password } = await owner();
    const t0 = Date.parse("2031-01-02T10:00:00Z");
    for (let i = 0; i < 8; i++) {
      await outcome(signIn({ username, password: `guess-${i}` }, { ip: "198.51.100.66", now: new Date(t0 + i) }));
    }
    // The attacker is throttled, even with the right password...
    expect(await outcome(signIn({ username, password }, { ip: "198.51.100.66", now: new Date(t0 + 100) }))).toBe(
      "sign_in.rate_limited",
    );
    // ...the owner, elsewhere, is not.
    expect(await outcome(signIn({ username, password }, { ip: "192.0.2.10", now: new Date(t0 + 200) }))).toBe("ok");
  });

  it("slows one address down with a growing wait instead of locking the account", async () => {
    const { username, password } = await owner();
    const ip = "198.51.100.7";
    const t0 = Date.parse("2031-01-03T10:00:00Z");
    const at = (ms: number) => ({ ip, now: new Date(t0 + ms) });
    for (let i = 0; i < 5; i++) {
      expect(await outcome(signIn({ username, password: "wrong-one" }, at(i)))).toBe("sign_in.invalid");
    }
    const refused = await signIn({ username, password }, at(1_000)).catch((e: Error) => e.message);
    expect(refused).toMatch(/Too many failed sign-in attempts\. Wait 15 minutes/);
    // After the wait, one more try; a wrong one doubles the wait.
    const m15 = 15 * 60_000;
    expect(await outcome(signIn({ username, password: "wrong-two" }, at(4 + m15)))).toBe("sign_in.invalid");
    const longer = await signIn({ username, password }, at(4 + m15 + 1_000)).catch((e: Error) => e.message);
    expect(longer).toMatch(/Wait 30 minutes/);
    expect(await outcome(signIn({ username, password }, at(4 + m15 + 2 * m15 - 1_000)))).toBe("sign_in.rate_limited");
    // The right password after the wait gets in, and clears the slowdown for this address.
    expect(await outcome(signIn({ username, password }, at(4 + 3 * m15 + 1)))).toBe("ok");
    for (let i = 0; i < 4; i++) {
      expect(await outcome(signIn({ username, password: "typo" }, at(4 + 3 * m15 + 10 + i)))).toBe("sign_in.invalid");
    }
  });

  it("keeps a distributed attack from locking the owner out of the address they signed in from before", async () => {
    const { username, password } = await owner();
    const t0 = Date.parse("2031-01-04T10:00:00Z");
    expect(await outcome(signIn({ username, password }, { ip: "192.0.2.44", now: new Date(t0) }))).toBe("ok");
    // Many addresses, a few guesses each: the per-username ceiling is reached.
    const results: string[] = [];
    for (let a = 0; a < 40; a++) {
      for (let g = 0; g < 4; g++) {
        results.push(
          await outcome(
            signIn({ username, password: `spray-${g}` }, { ip: `10.9.${a}.1`, now: new Date(t0 + 1000 + a * 10 + g) }),
          ),
        );
      }
    }
    expect(results.filter((r) => r === "sign_in.invalid").length).toBeLessThan(results.length);
    expect(results.at(-1)).toBe("sign_in.rate_limited");
    // A new address is slowed down too, for a while...
    expect(await outcome(signIn({ username, password }, { ip: "10.200.0.1", now: new Date(t0 + 5_000) }))).toBe(
      "sign_in.rate_limited",
    );
    // ...but the owner's own address, where they signed in before, is not.
    expect(await outcome(signIn({ username, password }, { ip: "192.0.2.44", now: new Date(t0 + 5_000) }))).toBe("ok");
  });

  it("limits one address across usernames (password spraying), and the owner elsewhere still gets in", async () => {
    const { username, password } = await owner();
    const t0 = Date.parse("2031-01-05T10:00:00Z");
    for (let i = 0; i < 20; i++) {
      expect(
        await outcome(
          signIn({ username: `guess${i}`, password: "Summer2031!" }, { ip: "203.0.113.9", now: new Date(t0 + i) }),
        ),
      ).toBe("sign_in.invalid");
    }
    expect(
      await outcome(signIn({ username, password: "Summer2031!" }, { ip: "203.0.113.9", now: new Date(t0 + 50) })),
    ).toBe("sign_in.rate_limited");
    expect(await outcome(signIn({ username, password }, { ip: "203.0.113.10", now: new Date(t0 + 60) }))).toBe("ok");
  });
});
