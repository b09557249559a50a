import pg from "pg";
import { env } from "../../env";

const globalForPool = globalThis as unknown as { provisioPgPools?: Map<string, pg.Pool> };

/**
 * This process's connection pool to PostgreSQL, shared by Prisma's driver adapter, the SQL store and the
 * job queue, so one process opens at most PROVISIO_PG_POOL_SIZE connections. Kept on globalThis: Next.js
 * dev reloads modules.
 */
export function postgresPool(url: string): pg.Pool {
  const pools = (globalForPool.provisioPgPools ??= new Map());
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      max: env().PROVISIO_PG_POOL_SIZE,
      // The server or a proxy may drop idle connections; a broken one is replaced, never fatal.
      idleTimeoutMillis: 30_000,
      // Idle connections never keep a process alive: a CLI run or a cycle process exits when its work is done.
      allowExitOnIdle: true,
    });
    pool.on("error", (e: Error) => console.error("PostgreSQL: an idle connection failed:", e.message));
    pools.set(url, pool);
  }
  return pool;
}

/** Closes every pool this process opened (the end of a test file, a worker's shutdown). */
export async function closePostgresPools(): Promise<void> {
  const pools = globalForPool.provisioPgPools;
  if (!pools) return;
  globalForPool.provisioPgPools = new Map();
  await Promise.all([...pools.values()].map((p) => p.end().catch(() => {})));
}
