import { sql, type Sql } from "./sql";
import type { SqlStore } from "./sql-store";

const float = (n: number): Sql => sql`CAST(${n} AS DOUBLE PRECISION)`;

/**
 * Reserves `count` consecutive send slots, `intervalMs` apart, in the target's shared bucket and answers how
 * many milliseconds from now the first one starts (0 or less: at once). One atomic upsert: the row lock
 * orders claims from every process on the database, each slot run starts where the previous claim's ended
 * (or now, or after a 429's pause), and both ends are read from the database's clock, so machines whose
 * clocks differ still space their requests correctly.
 */
export async function claimTargetRateSlots(
  store: SqlStore,
  opts: { key: string; count: number; intervalMs: number },
): Promise<number> {
  const clock = store.dialect.clockMs;
  const span = float(opts.count * opts.intervalMs);
  const d = store.dialect;
  const rows = await store.all(
    sql`INSERT INTO "TargetRateBucket" ("key", "tat", "pausedUntil")
    VALUES (${opts.key}, ${clock} + ${span}, 0)
    ON CONFLICT ("key") DO UPDATE SET
      "tat" = ${d.greatest(d.greatest(sql`"TargetRateBucket"."tat"`, clock), sql`"TargetRateBucket"."pausedUntil"`)} + ${span}
    RETURNING "tat" - ${span} - ${clock} AS "waitMs"`,
  );
  return Number(rows[0]!.waitMs);
}

/** A 429's Retry-After: every process's next claim for the target starts after it. */
export async function pauseTargetRateBucket(store: SqlStore, opts: { key: string; pauseMs: number }): Promise<void> {
  const clock = store.dialect.clockMs;
  const until = sql`${clock} + ${float(opts.pauseMs)}`;
  await store.run([
    sql`INSERT INTO "TargetRateBucket" ("key", "tat", "pausedUntil")
    VALUES (${opts.key}, ${clock}, ${until})
    ON CONFLICT ("key") DO UPDATE SET
      "pausedUntil" = ${store.dialect.greatest(sql`"TargetRateBucket"."pausedUntil"`, until)}`,
  ]);
}

/**
 * Removes the buckets of targets nobody sent to for `idleMs`: every slot they handed out and any pause have
 * passed, and a claim on a missing row starts now, just as on such a row, so nothing changes for a target
 * but the table stops growing with every Tenant URL ever used. A claim racing the delete either comes
 * first (its row is no longer idle and stays) or makes a new row.
 */
export async function deleteIdleTargetRateBuckets(store: SqlStore, idleMs: number): Promise<number> {
  const before = sql`${store.dialect.clockMs} - ${float(idleMs)}`;
  return store.run([sql`DELETE FROM "TargetRateBucket" WHERE "tat" < ${before} AND "pausedUntil" < ${before}`]);
}
