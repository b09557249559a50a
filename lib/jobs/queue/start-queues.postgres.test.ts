import crypto from "node:crypto";
import PgBoss from "pg-boss";
import { describe, expect, it } from "vitest";
import { databaseKind } from "../../db/database-kind";
import { databaseUrl } from "../../db/database-url";
import { postgresPool } from "../../db/postgres/postgres-pool";
import { CYCLE_QUEUE, QUEUES, startQueues } from "./cycle-queue";

/**
 * Several instances (workers, web servers) start on a fresh database at the same moment: each starts
 * pg-boss and creates the queues. Left to pg-boss, two installs at once can collide on the schema, and two
 * that create one queue together deadlock (about one fresh database in ten with three instances, measured),
 * which stopped a worker at start-up in CI; startQueues serializes them. Each round uses a pg-boss schema of its own, so each is a
 * fresh install. Collected on PostgreSQL runs only (vitest.config.ts).
 */
const ROUNDS = 8;

const queueOptions = (q: PgBoss.Queue) => [q.name, q.policy, q.retryLimit ?? null, q.expireInSeconds ?? null];

const newBoss = (pool: ReturnType<typeof postgresPool>, schema: string) =>
  new PgBoss({ db: { executeSql: (t, v) => pool.query(t, v) }, schema, schedule: false, supervise: false });
const INSTANCES = 4;

describe("creating the job queues", () => {
  it("succeeds on every instance that starts at once on a fresh database", async () => {
    expect(databaseKind()).toBe("postgres");
    const pool = postgresPool(databaseUrl());
    for (let round = 0; round < ROUNDS; round++) {
      const schema = `boss_race_${crypto.randomUUID().slice(0, 8)}`;
      const bosses = Array.from({ length: INSTANCES }, () => newBoss(pool, schema));
      const results = await Promise.allSettled(bosses.map((boss) => startQueues(boss, pool)));
      const failures = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
      expect(failures, `round ${round}`).toEqual([]);
      const queues = await bosses[0]!.getQueues();
      expect(queues.map(queueOptions).sort()).toEqual(QUEUES.map(queueOptions).sort());
      for (const boss of bosses) await boss.stop({ graceful: false, wait: true, close: false });
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  }, 120_000);

  it("gives the cycle queue its 12-hour expiry, so a worker waits on a long cycle instead of freeing its slot", async () => {
    const pool = postgresPool(databaseUrl());
    const schema = `boss_expiry_${crypto.randomUUID().slice(0, 8)}`;
    const boss = newBoss(pool, schema);
    try {
      await startQueues(boss, pool);
      // pg-boss races a handler against its job's expiry: 15 minutes unless the queue says otherwise.
      expect((await boss.getQueue(CYCLE_QUEUE))?.expireInSeconds).toBe(12 * 60 * 60);
    } finally {
      await boss.stop({ graceful: false, wait: true, close: false });
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });

  it("brings queues created with other options (an older Provisio) in line, keeping their jobs", async () => {
    const pool = postgresPool(databaseUrl());
    const schema = `boss_update_${crypto.randomUUID().slice(0, 8)}`;
    const old = newBoss(pool, schema);
    const boss = newBoss(pool, schema);
    try {
      await old.start();
      await old.createQueue(CYCLE_QUEUE, { name: CYCLE_QUEUE, policy: "standard", retryLimit: 2 });
      const waiting = await old.send(CYCLE_QUEUE, { jobId: "job-1" });
      await old.stop({ graceful: false, wait: true, close: false });

      await startQueues(boss, pool);
      const queues = await boss.getQueues();
      expect(queues.map(queueOptions).sort()).toEqual(QUEUES.map(queueOptions).sort());
      expect(waiting).toBeTruthy();
      expect((await boss.getJobById(CYCLE_QUEUE, waiting!))?.state).toBe("created");
    } finally {
      await boss.stop({ graceful: false, wait: true, close: false });
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });
});
