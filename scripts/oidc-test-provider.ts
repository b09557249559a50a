/**
 * A real OpenID Connect provider (oidc-provider) for the Playwright tests, in its own process:
 *   OIDC_TEST_CLIENT_SECRET=… npx tsx scripts/oidc-test-provider.ts --port 13210 --client-id provisio-e2e \
 *     --redirect-uri http://localhost:3210/api/auth/oidc/callback
 * Its login page accepts any login and password; alice, bob and mallory carry groups (lib/auth/oidc-test-accounts.ts).
 * The client secret comes from the environment, so it never shows in a process list.
 */
import { startOidcTestProvider } from "../lib/auth/oidc-test-provider";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const port = Number(arg("port") ?? 0);
  const clientId = arg("client-id");
  const redirectUri = arg("redirect-uri");
  const clientSecret = process.env.OIDC_TEST_CLIENT_SECRET;
  if (!clientId || !redirectUri || !clientSecret || !Number.isInteger(port)) {
    console.error(
      "Usage: OIDC_TEST_CLIENT_SECRET=… tsx scripts/oidc-test-provider.ts --port N --client-id ID --redirect-uri URL",
    );
    process.exit(2);
  }
  const provider = await startOidcTestProvider({ port, clientId, clientSecret, redirectUris: [redirectUri] });
  console.log(`OIDC test provider: issuer ${provider.issuer}, client ${clientId}`);
  const stop = () => void provider.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
