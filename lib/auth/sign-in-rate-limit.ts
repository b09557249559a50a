import { prisma, type Tx } from "../db/prisma";
import { claimThrottleKey, giveBackThrottleAttempt, pruneThrottleKeys } from "../db/sql/sign-in-throttle";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Rule = {
  /** Attempts allowed without a wait (since the counter last reset). */
  free: number;
  /** The wait after the last free attempt; it doubles with every attempt after that, up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** The counter starts again after this long without an attempt. */
  resetMs: number;
};

/**
 * Brute-force protection in the manner of Keycloak's (a wait that grows with each failure, and a reset
 * after quiet time), but keyed so an attacker cannot lock the owner out:
 * - `pair`: a username at one address. The main brake: 5 free attempts, then 15 min, 30 min, … up to 4 h.
 *   Only that address is slowed down; the owner elsewhere is not.
 * - `address`: every username at one address (password spraying): 20 free, then 1 min doubling to 15 min.
 * - `username`: every address at once (a distributed attack): 100 free, then 1 min doubling to 15 min.
 *   Addresses the username signed in from before (in the last 90 days) are exempt, so this slows an attack
 *   down without shutting the owner out of their usual place.
 * Attempts are claimed before the password is checked (one conditional upsert per key, all in one
 * transaction), so parallel requests cannot race past a limit; a successful sign-in gives its claim back.
 */
export const SIGN_IN_RULES = {
  pair: { free: 5, baseMs: 15 * MINUTE, maxMs: 4 * HOUR, resetMs: 24 * HOUR },
  address: { free: 20, baseMs: MINUTE, maxMs: 15 * MINUTE, resetMs: HOUR },
  username: { free: 100, baseMs: MINUTE, maxMs: 15 * MINUTE, resetMs: HOUR },
} as const satisfies Record<string, Rule>;

const KNOWN_ADDRESS_DAYS = 90;

export type RateLimitVerdict = { limited: false; claim: SignInClaim } | { limited: true; retryAfterMinutes: number };

/** The keys an attempt was counted under, to settle once the password has been checked. */
export type SignInClaim = { username: string; address: string; keys: { key: string; rule: Rule }[]; now: number };

const keyOf = (...parts: string[]) => JSON.stringify(parts);

function waitAfter(rule: Rule, attempts: number): number {
  if (attempts < rule.free) return 0;
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(attempts - rule.free, 20));
}

class Refused extends Error {
  constructor(readonly waitMs: number) {
    super("refused");
  }
}

/**
 * Counts one attempt under every key that applies, or none if any key says wait. Call before checking the
 * password; then settleSignInAttempt with the outcome.
 */
export async function claimSignInAttempt(opts: {
  username: string;
  address: string;
  now?: Date;
}): Promise<RateLimitVerdict> {
  const now = (opts.now ?? new Date()).getTime();
  const known = await prisma.signInKnownAddress.findUnique({
    where: { username_address: { username: opts.username, address: opts.address } },
    select: { lastSuccessAt: true },
  });
  const isKnown = known !== null && known.lastSuccessAt.getTime() > now - KNOWN_ADDRESS_DAYS * 24 * HOUR;
  const keys = [
    { key: keyOf("pair", opts.username, opts.address), rule: SIGN_IN_RULES.pair },
    { key: keyOf("address", opts.address), rule: SIGN_IN_RULES.address },
    ...(isKnown ? [] : [{ key: keyOf("username", opts.username), rule: SIGN_IN_RULES.username }]),
  ];
  try {
    await prisma.$transaction(async (tx) => {
      let waitMs = 0;
      for (const k of keys) {
        const w = await claimKey(tx, k.key, k.rule, now);
        if (w > 0) waitMs = Math.max(waitMs, w);
      }
      // Any key refused: roll back the others' counts too, and nothing is checked.
      if (waitMs > 0) throw new Refused(waitMs);
    });
  } catch (e) {
    if (e instanceof Refused) return { limited: true, retryAfterMinutes: Math.max(1, Math.ceil(e.waitMs / MINUTE)) };
    throw e;
  }
  return { limited: false, claim: { username: opts.username, address: opts.address, keys, now } };
}

/**
 * One atomic statement: a new key, a key quiet for resetMs (counted from 1 again) or a key whose wait is
 * over takes the attempt and sets the wait the next one must respect; otherwise nothing changes. Returns 0
 * when the attempt was taken, else how long to wait.
 */
async function claimKey(tx: Tx, key: string, rule: Rule, now: number): Promise<number> {
  if (await claimThrottleKey(tx, { key, rule, now, firstWaitMs: waitAfter(rule, 1) })) return 0;
  const row = await tx.signInThrottle.findUnique({ where: { key }, select: { nextAllowedAt: true } });
  return row ? Math.max(1, Number(row.nextAllowedAt) - now) : 1;
}

/**
 * After the password check. A success is not a failure: its count is given back (and the username at that
 * address starts afresh), and the address becomes one the owner is known to use. A failure stays counted.
 */
export async function settleSignInAttempt(claim: SignInClaim, succeeded: boolean): Promise<void> {
  if (succeeded) {
    await prisma.$transaction(async (tx) => {
      for (const { key, rule } of claim.keys) {
        if (key.startsWith('["pair"')) {
          await tx.signInThrottle.deleteMany({ where: { key } });
          continue;
        }
        await giveBackThrottleAttempt(tx, { key, rule, now: claim.now });
      }
      const at = new Date(claim.now);
      await tx.signInKnownAddress.upsert({
        where: { username_address: { username: claim.username, address: claim.address } },
        create: { username: claim.username, address: claim.address, lastSuccessAt: at },
        update: { lastSuccessAt: at },
      });
    });
  }
  // Keep the tables small: keys quiet for a day and old known addresses are of no use any more.
  if (Math.random() < 0.05) {
    const dayAgo = claim.now - 24 * HOUR;
    await pruneThrottleKeys(prisma, { quietSince: dayAgo, now: claim.now });
    await prisma.signInKnownAddress.deleteMany({
      where: { lastSuccessAt: { lt: new Date(claim.now - KNOWN_ADDRESS_DAYS * 24 * HOUR) } },
    });
  }
}
