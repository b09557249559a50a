import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_ADMIN } from "./e2e/global-setup";
import { E2E_OIDC } from "./lib/auth/oidc-test-accounts";

// The app under test runs on its own port, build folder and data folder, so it never touches a developer's
// database. E2E_DEV=1 uses `next dev` instead of a production build (quicker while writing tests).
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? ".e2e-data";
const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
const baseURL = `http://localhost:${port}`;
// Every spec runs signed in as an Administrator: e2e/global-setup.ts signs in once and saves the cookie here.
const storageState = path.join(os.tmpdir(), `provisio-e2e-admin-${port}.json`);
// A real OpenID Connect provider (scripts/oidc-test-provider.ts) on its own port, for e2e/oidc.spec.ts. It is
// on 127.0.0.1 while the app is on localhost, so the two are different sites, as in real life.
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 10_000);
const oidcIssuer = `http://127.0.0.1:${oidcPort}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL,
    storageState,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      command: `npx tsx scripts/oidc-test-provider.ts --port ${oidcPort} --client-id ${E2E_OIDC.clientId} --redirect-uri ${baseURL}/api/auth/oidc/callback`,
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: { OIDC_TEST_CLIENT_SECRET: E2E_OIDC.clientSecret },
    },
    {
      command: `bash scripts/e2e-server.sh`,
      url: `${baseURL}/api/health`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        E2E_PORT: String(port),
        PROVISIO_DATA_DIR: dataDir,
        NEXT_DIST_DIR: distDir,
        PROVISIO_BASE_URL: baseURL,
        NEXT_TELEMETRY_DISABLED: "1",
        // The first Administrator, created by scripts/prepare-database.ts on the fresh data folder.
        PROVISIO_ADMIN_USERNAME: E2E_ADMIN.username,
        PROVISIO_ADMIN_PASSWORD: E2E_ADMIN.password,
        E2E_SERVER_LOG: path.join(os.tmpdir(), `provisio-e2e-server-${port}.log`),
        // Single sign-on with the test provider above; alice is an Administrator, bob a Reader, mallory refused.
        PROVISIO_OIDC_ISSUER: oidcIssuer,
        PROVISIO_OIDC_CLIENT_ID: E2E_OIDC.clientId,
        PROVISIO_OIDC_CLIENT_SECRET: E2E_OIDC.clientSecret,
        PROVISIO_OIDC_DISPLAY_NAME: E2E_OIDC.displayName,
        PROVISIO_OIDC_ADMIN_VALUES: E2E_OIDC.adminValues,
        PROVISIO_OIDC_READER_VALUES: E2E_OIDC.readerValues,
      },
    },
  ],
});
