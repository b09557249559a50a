/**
 * Vitest global setup. Under PostgreSQL (PROVISIO_TEST_DATABASE=postgres; `npm test` runs the suite on both
 * databases) it starts a throwaway cluster, unless PROVISIO_TEST_PG_URL names one the caller started (the
 * test command shares one with the browser tests), and builds a template database with the committed
 * PostgreSQL migrations, as `npm start` would. Each test file then gets its own copy of the template
 * (lib/test/setup-database.ts): CREATE DATABASE … TEMPLATE takes a fraction of a second.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { databaseUrlFor, startPostgresCluster, type PostgresCluster } from "../../scripts/postgres-cluster";

export const TEMPLATE_DATABASE = "provisio_template";

declare module "vitest" {
  export interface ProvidedContext {
    postgresServerUrl: string | null;
  }
}

let cluster: PostgresCluster | null = null;

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.PROVISIO_TEST_DATABASE !== "postgres") {
    project.provide("postgresServerUrl", null);
    return () => {};
  }
  let server = process.env.PROVISIO_TEST_PG_URL;
  if (!server) {
    cluster = await startPostgresCluster();
    server = cluster.url;
  }
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  } finally {
    await admin.end();
  }
  const root = path.resolve(__dirname, "../..");
  execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrlFor(server, TEMPLATE_DATABASE) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  project.provide("postgresServerUrl", server);
  return () => {
    cluster?.stop();
    cluster = null;
  };
}
