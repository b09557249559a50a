import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
    // Tests that touch the database each get their own SQLite file (see lib/test/setup-database.ts).
    pool: "forks",
    setupFiles: ["lib/test/setup-database.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
