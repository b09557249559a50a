import { databaseUrl } from "../database-url";
import { postgresPool } from "./postgres-pool";

/**
 * Runs `work` while holding a PostgreSQL session advisory lock named `name`, so that of several processes
 * starting at once (web instances, workers) one does it at a time: creating the first Administrator,
 * loading the demo. The lock goes with the connection if the process dies.
 */
export async function withAdvisoryLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const client = await postgresPool(databaseUrl()).connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  } finally {
    client.release();
  }
}
