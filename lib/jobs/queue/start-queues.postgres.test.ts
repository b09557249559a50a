import crypto from "node:crypto";
import PgBoss from "pg-boss";
import { describe, expect, it } from "vitest";
import { databaseKind } from "../../db/database-kind";
import { databaseUrl } from "../../db/database-url";
import { postgresPool } from "../../db/postgres/postgres-pool";
import { QUEUES, startQueues } from "./cycle-queue";

/**
 * Several instances (workers, web servers) start on a fresh database at the same moment: each starts
 * pg-boss and creates the queues. Left to pg-boss, two installs at once can collide on the schema, and two
 * that create one queue together deadlock (about one fresh database in ten with three instances, measured),
 * which stopped a worker at start-up in CI; startQueues serializes them. Each round uses a pg-boss schema of its own, so each is a
 * fresh install. Collected on PostgreSQL runs only (vitest.config.ts).
 */
const ROUNDS = 8;
const INSTANCES = 4;

describe("creating the job queues", () => {
  it("succeeds on every instance that starts at once on a fresh database", async () => {
    expect(databaseKind()).toBe("postgres");
    const pool = postgresPool(databaseUrl());
    for (let round = 0; round < ROUNDS; round++) {
      const schema = `boss_race_${crypto.randomUUID().slice(0, 8)}`;
      const bosses = Array.from(
        { length: INSTANCES },
        () => new PgBoss({ db: { executeSql: (t, v) => pool.query(t, v) }, schema, schedule: false, supervise: false }),
      );
      const results = await Promise.allSettled(bosses.map((boss) => startQueues(boss, pool)));
      const failures = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
      expect(failures, `round ${round}`).toEqual([]);
      const queues = await bosses[0]!.getQueues();
      expect(queues.map((q) => [q.name, q.policy]).sort()).toEqual(QUEUES.map((q) => [q.name, q.policy]).sort());
      for (const boss of bosses) await boss.stop({ graceful: false, wait: true, close: false });
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  }, 120_000);
});
