import { databaseUrl } from "../database-url";
import { postgresPool } from "./postgres-pool";

/**
 * The ids of a pg-boss queue's jobs with this singleton key that are still "active" but were fetched
 * before `startedBefore` (the database's clock, as pg-boss's started_on): those of workers that died with
 * them (lib/jobs/queue/cycle-worker.ts). pg-boss has no call to find jobs by singleton key.
 */
export async function staleActiveQueueJobs(
  queue: string,
  singletonKey: string,
  startedBefore: Date,
): Promise<string[]> {
  const { rows } = await postgresPool(databaseUrl()).query<{ id: string }>(
    "SELECT id FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state = 'active' AND started_on < $3",
    [queue, singletonKey, startedBefore],
  );
  return rows.map((r) => r.id);
}
