import type { Tx } from "../prisma";
import { currentDialect, executeInTransaction, queryInTransaction } from "./prisma-sql";
import { sql, type Sql } from "./sql";

/** The limits of one kind of key (see lib/auth/sign-in-rate-limit.ts). */
export type ThrottleRule = { free: number; baseMs: number; maxMs: number; resetMs: number };

/** Milliseconds as a 64-bit integer: PostgreSQL would otherwise type the parameters int4, and overflow. */
const ms = (n: number): Sql => sql`CAST(${n} AS BIGINT)`;

/**
 * One atomic statement: a new key, a key quiet for resetMs (counted from 1 again) or a key whose wait is
 * over takes the attempt and sets the wait the next one must respect; otherwise nothing changes. True when
 * the attempt was taken.
 */
export async function claimThrottleKey(
  tx: Tx,
  opts: { key: string; rule: ThrottleRule; now: number; firstWaitMs: number },
): Promise<boolean> {
  const { key, rule, now } = opts;
  const d = currentDialect();
  const quietSince = now - rule.resetMs;
  const nextAttempts = sql`CASE WHEN "SignInThrottle"."lastAt" <= ${ms(quietSince)} THEN 1 ELSE "SignInThrottle"."attempts" + 1 END`;
  const backoff = sql`${ms(rule.baseMs)} * (1 << ${d.least(sql`${nextAttempts} - ${rule.free}`, sql`20`)})`;
  const rows = await queryInTransaction(
    tx,
    sql`INSERT INTO "SignInThrottle" ("key", "attempts", "lastAt", "nextAllowedAt")
    VALUES (${key}, 1, ${ms(now)}, ${ms(now + opts.firstWaitMs)})
    ON CONFLICT ("key") DO UPDATE SET
      "attempts" = ${nextAttempts},
      "lastAt" = ${ms(now)},
      "nextAllowedAt" = ${ms(now)} + CASE WHEN ${nextAttempts} < ${rule.free} THEN 0
        ELSE ${d.least(ms(rule.maxMs), backoff)} END
    WHERE "SignInThrottle"."lastAt" <= ${ms(quietSince)} OR "SignInThrottle"."nextAllowedAt" <= ${ms(now)}
    RETURNING "attempts"`,
  );
  return rows.length > 0;
}

/** A successful sign-in gives its attempt back; a wait it no longer deserves ends now. */
export async function giveBackThrottleAttempt(
  tx: Tx,
  opts: { key: string; rule: ThrottleRule; now: number },
): Promise<void> {
  const d = currentDialect();
  await executeInTransaction(
    tx,
    sql`UPDATE "SignInThrottle" SET
      "attempts" = ${d.greatest(sql`"attempts" - 1`, sql`0`)},
      "nextAllowedAt" = CASE WHEN "attempts" - 1 < ${opts.rule.free} THEN ${d.least(sql`"nextAllowedAt"`, ms(opts.now))}
        ELSE "nextAllowedAt" END
    WHERE "key" = ${opts.key}`,
  );
}

/** Keys quiet for a day whose wait is over. */
export async function pruneThrottleKeys(tx: Tx, opts: { quietSince: number; now: number }): Promise<void> {
  await executeInTransaction(
    tx,
    sql`DELETE FROM "SignInThrottle" WHERE "lastAt" < ${ms(opts.quietSince)} AND "nextAllowedAt" < ${ms(opts.now)}`,
  );
}
