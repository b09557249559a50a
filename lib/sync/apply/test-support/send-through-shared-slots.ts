/**
 * A process of its own for shared-target-slots.test.ts: a SCIM client on TARGET_URL at RATE requests/s
 * whose send slots live in the database (DATABASE_URL), as a cycle's on PostgreSQL. Prints "ready", waits
 * for a line on stdin, sends COUNT list requests at CONCURRENCY, prints a JSON summary and exits.
 */
import readline from "node:readline";
import { sqlStore } from "../../../db/sql-store";
import { sql } from "../../../db/sql/sql";
import { createScimClient } from "../../../scim/create-scim-client";
import { databaseTargetSlots, targetRateKey } from "../shared-target-slots";

async function main(): Promise<void> {
  const url = process.env.TARGET_URL!;
  const count = Number(process.env.COUNT);
  const client = createScimClient({
    baseUrl: url,
    token: process.env.TARGET_TOKEN!,
    rateLimitPerSecond: Number(process.env.RATE),
    sharedSlots: databaseTargetSlots(sqlStore(), targetRateKey(url)),
    maxConcurrency: Number(process.env.CONCURRENCY),
    patchOpCase: "lower",
    userUpdateMethod: "PATCH",
  });
  // Open the database connection first, so the two processes' sends overlap from the start.
  await sqlStore().all(sql`SELECT 1 AS "one"`);
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) =>
    readline.createInterface({ input: process.stdin }).once("line", () => resolve()),
  );
  await Promise.all(Array.from({ length: count }, () => client.list("Users", { count: 1 })));
  process.stdout.write(JSON.stringify(client.stats()) + "\n");
  process.exit(0);
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
