import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { OIDC_TEST_ACCOUNTS } from "./oidc-test-accounts";

// A real OpenID Connect provider (the `oidc-provider` package) for tests: Vitest starts it in-process, the
// Playwright suite runs it as its own process (scripts/oidc-test-provider.ts). Its development login page
// accepts any login and password; the accounts below carry a "groups" claim for the role mapping.

export type OidcTestProvider = { issuer: string; port: number; close(): Promise<void> };

export async function startOidcTestProvider(opts: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  port?: number;
  host?: string;
  /** Extra or changed claims per login (tests that change someone's groups between sign-ins). */
  claimsFor?: (login: string) => Record<string, unknown> | undefined;
}): Promise<OidcTestProvider> {
  const host = opts.host ?? "127.0.0.1";
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${host}:${port}`;
  const signingKey = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    // Refuse any authorization request without PKCE, so the tests prove Provisio sends it.
    pkce: { required: () => true },
    jwks: { keys: [{ ...signingKey, kid: "test-key", alg: "RS256", use: "sig" }] },
    cookies: { keys: [crypto.randomBytes(32).toString("base64url")] },
    claims: { openid: ["sub"], profile: ["name", "preferred_username", "groups"], email: ["email", "email_verified"] },
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    // The development login form makes the login the account id, which the provider sends as "sub".
    async findAccount(_ctx: unknown, login: string) {
      return {
        accountId: login,
        async claims() {
          const known = OIDC_TEST_ACCOUNTS[login];
          return {
            sub: login,
            preferred_username: login,
            name: known?.name ?? login,
            email: known?.email ?? `${login}@contoso.test`,
            email_verified: true,
            groups: known?.groups ?? [],
            ...opts.claimsFor?.(login),
          };
        },
      };
    },
  });
  server.on("request", provider.callback());
  return {
    issuer,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
