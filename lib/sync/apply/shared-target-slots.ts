import { databaseKind } from "../../db/database-kind";
import { sqlStore } from "../../db/sql-store";
import { claimTargetRateSlots, pauseTargetRateBucket } from "../../db/sql/target-rate-buckets";
import type { SqlStore } from "../../db/sql/sql-store";
import type { SharedSlots } from "../../scim/rate-limiter";

/**
 * A target's bucket key: its Tenant URL's scheme, host and path (no query, no credentials), so every
 * application that provisions one tenant shares that tenant's limit, and different tenants never wait on
 * each other (each is a row of its own).
 */
export function targetRateKey(tenantUrl: string): string {
  const u = new URL(tenantUrl);
  return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, "")}`;
}

/** Send slots of a target in the database's TargetRateBucket table. */
export function databaseTargetSlots(store: SqlStore, key: string): SharedSlots {
  return {
    claim: (count, intervalMs) => claimTargetRateSlots(store, { key, count, intervalMs }),
    pause: (pauseMs) => pauseTargetRateBucket(store, { key, pauseMs }),
  };
}

/**
 * On PostgreSQL, where cycles run in many processes on many machines, the target's limit is shared through
 * the database. SQLite serves one machine, whose cycles pace in their own process: none.
 */
export function sharedTargetSlots(tenantUrl: string): SharedSlots | undefined {
  if (databaseKind() !== "postgres") return undefined;
  return databaseTargetSlots(sqlStore(), targetRateKey(tenantUrl));
}
