import crypto from "node:crypto";
import * as client from "openid-client";
import { AppError } from "../errors";
import type { OidcConfig } from "./oidc-config";
import type { OidcIdentity } from "./oidc-sign-in";
import { OIDC_TRANSACTION_TTL_SECONDS, openOidcTransaction, sealOidcTransaction } from "./oidc-transaction";

// The relying-party side of the authorization code flow (openid-client v6): discovery, the redirect to the
// provider with PKCE, state and nonce, and the callback's code exchange with every check openid-client makes
// (state, the iss parameter when the provider sends it, PKCE, and the ID token's issuer, audience, azp,
// expiry, iat and nonce, its alg against the provider's metadata). The ID token's signature is not checked
// by default: it comes straight from the token endpoint over TLS with client authentication, which OpenID
// Connect Core 3.1.3.7 accepts in place of it (openid-client's enableNonRepudiationChecks would add it).
// No Next.js here: route handlers pass plain values.

const configurations = new Map<string, Promise<client.Configuration>>();

async function discover(cfg: OidcConfig): Promise<client.Configuration> {
  const issuer = new URL(cfg.issuer);
  // lib/env.ts allows plain http only for loopback issuers (tests, local development).
  const insecure = issuer.protocol === "http:";
  const options: client.DiscoveryRequestOptions = {
    timeout: 10,
    ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
  };
  let config = await client.discovery(
    issuer,
    cfg.clientId,
    { client_secret: cfg.clientSecret },
    client.ClientSecretBasic(cfg.clientSecret),
    options,
  );
  // client_secret_basic is the default every provider supports unless it lists only client_secret_post.
  const methods = config.serverMetadata().token_endpoint_auth_methods_supported;
  if (methods && !methods.includes("client_secret_basic") && methods.includes("client_secret_post")) {
    config = new client.Configuration(
      config.serverMetadata(),
      cfg.clientId,
      { client_secret: cfg.clientSecret },
      client.ClientSecretPost(cfg.clientSecret),
    );
    if (insecure) client.allowInsecureRequests(config);
  }
  config.timeout = 10;
  return config;
}

/** The discovered provider, cached per issuer, client and secret; a failed discovery is retried on the next sign-in. */
function configurationFor(cfg: OidcConfig): Promise<client.Configuration> {
  const key = [cfg.issuer, cfg.clientId, crypto.createHash("sha256").update(cfg.clientSecret).digest("hex")].join("\n");
  let found = configurations.get(key);
  if (!found) {
    found = discover(cfg);
    configurations.set(key, found);
    found.catch(() => configurations.delete(key));
  }
  return found;
}

/**
 * Text from outside (the public callback's query, the provider's error answers, claims) on one log line:
 * control characters become spaces, so nobody can forge or hide log lines, and it is cut to a length.
 */
export function oneLogLine(value: string, max: number): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").slice(0, max);
}

/**
 * What may be logged about a failure: the error's kind, code and message (openid-client's messages name
 * what failed, not values). Never the cause, the request, tokens, the code or the client secret.
 */
export function describeOidcError(e: unknown): string {
  if (!(e instanceof Error)) return "unknown error";
  const o = e as Error & {
    code?: unknown;
    error?: unknown;
    error_description?: unknown;
    status?: unknown;
    cause?: unknown;
  };
  const parts = [e.name];
  if (typeof o.code === "string") parts.push(o.code);
  if (typeof o.status === "number") parts.push(`HTTP ${o.status}`);
  // The provider's OAuth error, from a JSON body or a WWW-Authenticate challenge (e.g. invalid_client).
  const challenge =
    o.name === "WWWAuthenticateChallengeError" && Array.isArray(o.cause)
      ? (o.cause[0] as { parameters?: Record<string, unknown> })?.parameters
      : undefined;
  const error = typeof o.error === "string" ? o.error : challenge?.error;
  const description = typeof o.error_description === "string" ? o.error_description : challenge?.error_description;
  if (typeof error === "string") parts.push(`error=${error.slice(0, 100)}`);
  if (typeof description === "string") parts.push(`(${description.slice(0, 200)})`);
  return oneLogLine(`${parts.join(" ")}: ${e.message}`, 1000);
}

const failed = (cfg: OidcConfig) =>
  new AppError(
    "oidc.failed",
    `Signing in with ${cfg.displayName} did not work. Try again; if it keeps failing, an Administrator can find the reason in the server log.`,
  );

export type StartedOidcSignIn = { authorizationUrl: string; cookieValue: string; maxAgeSeconds: number };

/** Builds the redirect to the provider and the sealed cookie that remembers state, nonce and PKCE verifier. */
export async function startOidcSignIn(cfg: OidcConfig, opts: { next: string; now?: Date }): Promise<StartedOidcSignIn> {
  let config: client.Configuration;
  try {
    config = await configurationFor(cfg);
  } catch (e) {
    console.warn(`Single sign-on: discovery at ${cfg.issuer} failed: ${describeOidcError(e)}`);
    throw new AppError(
      "oidc.unavailable",
      `${cfg.displayName} cannot be reached right now. Try again in a moment, or sign in with a password.`,
    );
  }
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: cfg.redirectUri,
    scope: cfg.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const now = opts.now ?? new Date();
  const cookieValue = sealOidcTransaction({
    state,
    nonce,
    codeVerifier,
    next: opts.next,
    expiresAt: now.getTime() + OIDC_TRANSACTION_TTL_SECONDS * 1000,
  });
  return { authorizationUrl: url.toString(), cookieValue, maxAgeSeconds: OIDC_TRANSACTION_TTL_SECONDS };
}

/**
 * Checks the provider's answer against the sealed cookie, exchanges the code and returns the verified
 * identity (ID token claims, completed from userinfo) and the page to go to. Every failure is an AppError
 * with a message fit for the sign-in page.
 */
export async function finishOidcSignIn(
  cfg: OidcConfig,
  opts: { query: URLSearchParams; cookieValue: string | undefined; now?: Date },
): Promise<{ identity: OidcIdentity; next: string }> {
  const providerError = opts.query.get("error");
  if (providerError) {
    if (providerError === "access_denied") {
      throw new AppError("oidc.denied", `Sign-in was cancelled or refused at ${cfg.displayName}.`);
    }
    console.warn(`Single sign-on: the provider answered error=${oneLogLine(providerError, 100)}`);
    throw failed(cfg);
  }
  const opened = openOidcTransaction(opts.cookieValue, opts.now);
  if (!opened.ok) {
    if (opened.reason === "expired") throw new AppError("oidc.expired", "The sign-in took too long. Start again.");
    throw new AppError(
      "oidc.state",
      "This sign-in could not be verified (it was started in another browser or tab, or already used). Start again.",
    );
  }
  const t = opened.transaction;
  if (opts.query.get("state") !== t.state) {
    throw new AppError(
      "oidc.state",
      "This sign-in could not be verified (it was started in another browser or tab, or already used). Start again.",
    );
  }
  try {
    const config = await configurationFor(cfg);
    // The callback URL as registered, with the provider's parameters (code, state, iss).
    const currentUrl = new URL(cfg.redirectUri);
    currentUrl.search = opts.query.toString();
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: t.codeVerifier,
      expectedState: t.state,
      expectedNonce: t.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error("no ID token in the token response");
    let claims: Record<string, unknown> = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
      // Many providers put profile and group claims only in userinfo; its subject must match the ID token's.
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...claims, ...userinfo };
    }
    return { identity: { issuer: idClaims.iss, subject: idClaims.sub, claims }, next: t.next };
  } catch (e) {
    console.warn(`Single sign-on: the sign-in callback failed: ${describeOidcError(e)}`);
    throw failed(cfg);
  }
}
