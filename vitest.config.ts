import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "bench/**/*.test.ts"],
    // *.postgres.test.ts test what exists only on PostgreSQL (the job queue's workers): collected on a
    // PostgreSQL run only, so a SQLite run neither skips them nor passes them empty.
    exclude: [
      "**/node_modules/**",
      ...(process.env.PROVISIO_TEST_DATABASE === "postgres" ? [] : ["**/*.postgres.test.ts"]),
    ],
    environment: "node",
    // Tests that touch the database each get their own SQLite file, or PostgreSQL database when
    // PROVISIO_TEST_DATABASE=postgres (see lib/test/global-setup.ts and setup-database.ts).
    pool: "forks",
    // Global setup: the test databases (above), and a throwaway slapd for the LDAP tests (scripts/start-test-slapd.ts).
    globalSetup: ["lib/test/global-setup.ts", "lib/test/ldap-global-setup.ts"],
    setupFiles: ["lib/test/setup-database.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
