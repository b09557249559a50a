/**
 * The engine's tunables in one place. Tests shorten the quarantine backoff through `configureEngine`.
 */
export type EngineConfig = {
  /** Quarantine backoff, by quarantine level (Entra: 6 h, 12 h, 24 h, then daily). */
  quarantineBackoffMs: number[];
  /** Cycles in a row where every request failed transiently before the job is quarantined. */
  failuresBeforeQuarantine: number;
  /** Objects loaded, planned and written per batch (one transaction per batch, not per object). */
  chunkSize: number;
  /** Page size when listing a target (matching, a reconcile), unless the template sets its own. */
  listPageSize: number;
  /** Groups are listed in smaller pages: with their members, a page of 1,000 would outgrow the 5 MB cap. */
  groupListPageSize: number;
  /** Progress is written at most this often (the pages poll a running cycle every second). */
  progressIntervalMs: number;
  /** A running cycle's lease; renewed while the cycle runs. */
  leaseMs: number;
  /** Operations in flight at once; the SCIM client also enforces the target's own limit. */
  maxInFlight: number;
};

const HOUR = 3_600_000;

const defaults: EngineConfig = {
  quarantineBackoffMs: [6 * HOUR, 12 * HOUR, 24 * HOUR],
  failuresBeforeQuarantine: 3,
  chunkSize: 500,
  listPageSize: 100,
  groupListPageSize: 100,
  progressIntervalMs: 1000,
  leaseMs: 60_000,
  maxInFlight: 32,
};

let current: EngineConfig = { ...defaults };

export function engineConfig(): EngineConfig {
  return current;
}

/** Overrides some tunables (tests, benchmarks). Returns a function that restores the previous values. */
export function configureEngine(patch: Partial<EngineConfig>): () => void {
  const before = current;
  current = { ...current, ...patch };
  return () => {
    current = before;
  };
}

/** The page size for listing a type at a target whose template may set its own (`listPageSize`). */
export function listPageSizeFor(templatePageSize: number | undefined, type: "User" | "Group"): number {
  const size = templatePageSize ?? current.listPageSize;
  return type === "Group" ? Math.min(size, current.groupListPageSize) : size;
}

/** Delay before the next attempt of a quarantined job: the last step repeats (daily). */
export function quarantineBackoffMs(level: number): number {
  const steps = current.quarantineBackoffMs;
  return steps[Math.min(Math.max(level, 0), steps.length - 1)];
}
