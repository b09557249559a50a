import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "../db/prisma";
import { isAppError } from "../errors";
import { parseEnv } from "../env";
import { createAdminUser } from "./create-admin-user";
import { changeAdminRole, changeOwnPassword, listAdminUsers, resetAdminPassword } from "./manage-admin-users";
import { describeOidcError, finishOidcSignIn, startOidcSignIn } from "./oidc-client";
import { oidcConfig, type OidcConfig } from "./oidc-config";
import { claimValues, resolveOidcRole } from "./oidc-role-mapping";
import { signInWithOidc, usernameFromClaims, type OidcIdentity } from "./oidc-sign-in";
import { signInAtProvider } from "./oidc-test-browser";
import { startOidcTestProvider, type OidcTestProvider } from "./oidc-test-provider";
import { openOidcTransaction, sealOidcTransaction } from "./oidc-transaction";
import { signIn } from "./sign-in";
import { validateSession } from "./validate-session";

async function appError(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error("expected an AppError");
}

const ISSUER = "https://login.contoso.test/realms/staff";
const mapping = {
  issuer: ISSUER,
  roleClaim: "groups",
  adminValues: ["provisio-admins"],
  readerValues: ["provisio-readers"],
};
const noMapping = { ...mapping, adminValues: [], readerValues: [] };
const who = (sub: string, claims: Record<string, unknown> = {}): OidcIdentity => ({
  issuer: ISSUER,
  subject: sub,
  claims: { sub, ...claims },
});

beforeEach(async () => {
  await prisma.adminSession.deleteMany();
  await prisma.adminUser.deleteMany();
  await prisma.auditEvent.deleteMany();
  // Single sign-on never lets the first person in as a Reader before set-up: most tests start set up.
  await createAdminUser({ username: "root", password: "root-password-12", role: "Administrator" }, "t");
});

describe("environment", () => {
  const base = {
    PROVISIO_OIDC_ISSUER: "https://login.contoso.test",
    PROVISIO_OIDC_CLIENT_ID: "provisio",
    PROVISIO_OIDC_CLIENT_SECRET: "s3cret-value-xyz",
  };

  it("is off without variables, and on with issuer, client id and secret, with the documented defaults", () => {
    expect(oidcConfig(parseEnv({}))).toBeNull();
    expect(oidcConfig(parseEnv({ PROVISIO_OIDC_ISSUER: "", PROVISIO_OIDC_CLIENT_ID: " " }))).toBeNull();
    const cfg = oidcConfig(parseEnv({ ...base, PROVISIO_BASE_URL: "https://provisio.contoso.test" }))!;
    expect(cfg).toMatchObject({
      issuer: "https://login.contoso.test",
      clientId: "provisio",
      displayName: "SSO",
      scopes: "openid profile email",
      roleClaim: "groups",
      adminValues: [],
      readerValues: [],
      redirectUri: "https://provisio.contoso.test/api/auth/oidc/callback",
    });
    const custom = oidcConfig(
      parseEnv({
        ...base,
        PROVISIO_OIDC_DISPLAY_NAME: "Contoso",
        PROVISIO_OIDC_SCOPES: "openid  groups",
        PROVISIO_OIDC_ROLE_CLAIM: "realm_access.roles",
        PROVISIO_OIDC_ADMIN_VALUES: " ops , provisio-admins,",
        PROVISIO_OIDC_READER_VALUES: "staff",
      }),
    )!;
    expect(custom).toMatchObject({
      displayName: "Contoso",
      scopes: "openid groups",
      roleClaim: "realm_access.roles",
      adminValues: ["ops", "provisio-admins"],
      readerValues: ["staff"],
    });
  });

  it("wants issuer, client id and secret together, and says which is missing without printing the secret", () => {
    expect(() =>
      parseEnv({
        PROVISIO_OIDC_ISSUER: base.PROVISIO_OIDC_ISSUER,
        PROVISIO_OIDC_CLIENT_SECRET: base.PROVISIO_OIDC_CLIENT_SECRET,
      }),
    ).toThrow(
      /PROVISIO_OIDC_CLIENT_ID: single sign-on needs PROVISIO_OIDC_ISSUER, PROVISIO_OIDC_CLIENT_ID and PROVISIO_OIDC_CLIENT_SECRET together \(or none of them\); missing PROVISIO_OIDC_CLIENT_ID/,
    );
    try {
      parseEnv({ PROVISIO_OIDC_CLIENT_SECRET: base.PROVISIO_OIDC_CLIENT_SECRET });
      throw new Error("not refused");
    } catch (e) {
      expect((e as Error).message).toMatch(/missing PROVISIO_OIDC_ISSUER, PROVISIO_OIDC_CLIENT_ID/);
      expect((e as Error).message).not.toContain(base.PROVISIO_OIDC_CLIENT_SECRET);
    }
    expect(() => parseEnv({ PROVISIO_OIDC_ADMIN_VALUES: "admins" })).toThrow(
      /PROVISIO_OIDC_ADMIN_VALUES set, but single sign-on is off/,
    );
  });

  it("takes plain http only for a provider on this machine, and needs the openid scope", () => {
    expect(() => parseEnv({ ...base, PROVISIO_OIDC_ISSUER: "http://login.contoso.test" })).toThrow(
      /PROVISIO_OIDC_ISSUER: must use https:\/\/ \(plain http:\/\/ is allowed only for localhost\)/,
    );
    expect(() => parseEnv({ ...base, PROVISIO_OIDC_ISSUER: "http://127.0.0.1.nip.io:8080" })).toThrow(/must use https/);
    for (const ok of ["http://localhost:8080", "http://127.0.0.1:9999/realms/x", "http://[::1]:8080"]) {
      expect(oidcConfig(parseEnv({ ...base, PROVISIO_OIDC_ISSUER: ok }))?.issuer, ok).toBe(ok);
    }
    expect(() => parseEnv({ ...base, PROVISIO_OIDC_ISSUER: "not a url" })).toThrow(
      /PROVISIO_OIDC_ISSUER: must be the provider's issuer URL/,
    );
    expect(() => parseEnv({ ...base, PROVISIO_OIDC_ISSUER: "ftp://login.contoso.test" })).toThrow(/must use https/);
    expect(() => parseEnv({ ...base, PROVISIO_OIDC_ISSUER: "https://login.contoso.test/?tenant=1" })).toThrow(
      /must not contain a query/,
    );
    expect(() => parseEnv({ ...base, PROVISIO_OIDC_SCOPES: "profile email" })).toThrow(
      /PROVISIO_OIDC_SCOPES: must include "openid"/,
    );
    expect(() => parseEnv({ ...base, PROVISIO_OIDC_ADMIN_VALUES: "a,b", PROVISIO_OIDC_READER_VALUES: "b" })).toThrow(
      /lists b, which PROVISIO_OIDC_ADMIN_VALUES lists too/,
    );
  });
});

describe("role mapping", () => {
  it("reads the claim as a list, a single string, or a dotted path", () => {
    expect(claimValues({ groups: ["a", " b ", 3, null, ""] }, "groups")).toEqual(["a", "b"]);
    expect(claimValues({ groups: "admins" }, "groups")).toEqual(["admins"]);
    expect(claimValues({ realm_access: { roles: ["x"] } }, "realm_access.roles")).toEqual(["x"]);
    expect(claimValues({ "https://contoso/roles": ["y"] }, "https://contoso/roles")).toEqual(["y"]);
    expect(claimValues({ groups: { nested: true } }, "groups")).toEqual([]);
    expect(claimValues({}, "groups")).toEqual([]);
  });

  it("Administrator wins over Reader, values are exact, and nobody matching is refused", () => {
    expect(resolveOidcRole({ groups: ["provisio-readers", "provisio-admins"] }, mapping)).toEqual({
      kind: "role",
      role: "Administrator",
    });
    expect(resolveOidcRole({ groups: ["provisio-readers"] }, mapping)).toEqual({ kind: "role", role: "Reader" });
    expect(resolveOidcRole({ groups: ["Provisio-Admins"] }, mapping)).toEqual({ kind: "refused" });
    expect(resolveOidcRole({}, mapping)).toEqual({ kind: "refused" });
    expect(resolveOidcRole({ groups: ["provisio-admins"] }, { ...mapping, readerValues: [] })).toEqual({
      kind: "role",
      role: "Administrator",
    });
    expect(resolveOidcRole({ groups: ["anything"] }, noMapping)).toEqual({ kind: "unmapped" });
  });
});

describe("the sealed sign-in cookie", () => {
  const t = {
    state: "st",
    nonce: "no",
    codeVerifier: "v".repeat(43),
    next: "/logs",
    expiresAt: Date.parse("2030-01-01T00:10:00Z"),
  };
  const key = crypto.randomBytes(32);

  it("opens only unchanged, with the same key, before it expires", () => {
    const sealed = sealOidcTransaction(t, key);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("/logs");
    expect(openOidcTransaction(sealed, new Date("2030-01-01T00:05:00Z"), key)).toEqual({ ok: true, transaction: t });
    expect(openOidcTransaction(sealed, new Date("2030-01-01T00:10:00Z"), key)).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(openOidcTransaction(sealed, new Date("2030-01-01T00:05:00Z"), crypto.randomBytes(32))).toEqual({
      ok: false,
      reason: "invalid",
    });
    const raw = Buffer.from(sealed, "base64url");
    raw[raw.length - 1] ^= 1;
    expect(openOidcTransaction(raw.toString("base64url"), new Date("2030-01-01T00:05:00Z"), key)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(openOidcTransaction("", new Date(), key)).toEqual({ ok: false, reason: "missing" });
    expect(openOidcTransaction("garbage", new Date(), key)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("what the server log gets from a callback", () => {
  const cfg: OidcConfig = {
    issuer: ISSUER,
    clientId: "provisio",
    clientSecret: "s3cret-value-xyz",
    displayName: "Contoso",
    scopes: "openid",
    roleClaim: "groups",
    adminValues: [],
    readerValues: [],
    redirectUri: "https://provisio.contoso.test/api/auth/oidc/callback",
  };

  it("cannot forge log lines: the callback is public, so its ?error= is logged on one line, without control characters", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
    try {
      const forged = "server_error\nSingle sign-on: added mallory as Administrator\r\u001b[2K";
      const failure = await appError(
        finishOidcSignIn(cfg, { query: new URLSearchParams({ error: forged }), cookieValue: undefined }),
      );
      expect(failure.code).toBe("oidc.failed");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Single sign-on: the provider answered error=server_error/);
      expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f]/);
    } finally {
      spy.mockRestore();
    }
    // The provider's own error text (from a token response) is flattened the same way.
    const e = Object.assign(new Error("server responded with an error"), {
      error: "invalid_grant\nx",
      error_description: "bad\r\nSingle sign-on: forged",
    });
    expect(describeOidcError(e)).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(describeOidcError(e)).toContain("error=invalid_grant x");
  });
});

describe("linking people to the provider", () => {
  it("makes usernames from preferred_username, email or the subject, in the allowed characters", () => {
    expect(usernameFromClaims({ preferred_username: "Alice.Smith", email: "a@x" }, "s")).toBe("alice.smith");
    expect(usernameFromClaims({ email: "Bob@Contoso.com" }, "s")).toBe("bob@contoso.com");
    expect(usernameFromClaims({ preferred_username: "CONTOSO\\Carol Jones" }, "s")).toBe("contoso-carol-jones");
    expect(usernameFromClaims({}, "00uABC")).toBe("sso-00uabc");
    expect(usernameFromClaims({ preferred_username: "--" }, "s")).toBe("sso-user");
  });

  it("creates a person on first sign-in, links by subject afterwards, and never by name", async () => {
    const first = await signInWithOidc(
      who("sub-1", { preferred_username: "dana", name: "Dana Scully", groups: ["provisio-readers"] }),
      mapping,
    );
    expect(first).toMatchObject({ username: "dana", role: "Reader", created: true });
    const row = await prisma.adminUser.findUniqueOrThrow({ where: { id: first.userId } });
    expect(row).toMatchObject({
      passwordHash: null,
      oidcIssuer: ISSUER,
      oidcSubject: "sub-1",
      displayName: "Dana Scully",
    });
    expect(await validateSession(first.token)).toMatchObject({ username: "dana", role: "Reader", signInMethod: "sso" });

    // Renamed at the provider: still the same person (same subject), the username stays.
    const again = await signInWithOidc(
      who("sub-1", { preferred_username: "dana.k", name: "Dana K", groups: ["provisio-readers"] }),
      mapping,
    );
    expect(again).toMatchObject({ userId: first.userId, username: "dana", created: false });
    expect((await prisma.adminUser.findUniqueOrThrow({ where: { id: first.userId } })).displayName).toBe("Dana K");

    // The same subject at another issuer is someone else.
    const other = await signInWithOidc(
      { ...who("sub-1", { preferred_username: "dana", groups: ["provisio-readers"] }), issuer: "https://other.test" },
      mapping,
    );
    expect(other.userId).not.toBe(first.userId);
    expect(other.username).toBe("dana-2");
    const audit = await prisma.auditEvent.findMany({ where: { action: "admin_user.created" } });
    expect(audit.map((a) => JSON.parse(a.details!).username)).toEqual(expect.arrayContaining(["dana", "dana-2"]));
  });

  it("never takes over a local password account with the same name, and SSO people have no password", async () => {
    await createAdminUser({ username: "erin", password: "erin-password-12", role: "Administrator" }, "t");
    const sso = await signInWithOidc(
      who("sub-erin", { preferred_username: "Erin", groups: ["provisio-readers"] }),
      mapping,
    );
    expect(sso.username).toBe("erin-2");
    expect(sso.role).toBe("Reader");
    const local = await prisma.adminUser.findUniqueOrThrow({ where: { username: "erin" } });
    expect(local).toMatchObject({ role: "Administrator", oidcSubject: null });
    expect(local.passwordHash).toMatch(/^\$argon2id\$/);

    // Password sign-in never works for an SSO-only person, with the same message as a wrong password.
    const refused = await appError(
      signIn({ username: "erin-2", password: "anything-at-all" }, { ip: crypto.randomUUID() }),
    );
    expect(refused).toEqual({ code: "sign_in.invalid", message: "The username or password is not correct." });
    const me = (await validateSession(sso.token))!;
    expect(
      (
        await appError(
          changeOwnPassword(
            { currentPassword: "x", newPassword: "new-password-123", confirmPassword: "new-password-123" },
            me,
          ),
        )
      ).code,
    ).toBe("admin_user.sso");
    expect(
      (await appError(resetAdminPassword({ userId: sso.userId, password: "given-password-123" }, "root"))).code,
    ).toBe("admin_user.sso");
    expect((await prisma.adminUser.findUniqueOrThrow({ where: { id: sso.userId } })).passwordHash).toBeNull();

    const people = await listAdminUsers();
    expect(people.find((p) => p.username === "erin-2")?.signInMethod).toBe("sso");
    expect(people.find((p) => p.username === "erin")?.signInMethod).toBe("password");
  });

  it("with role values, the claim sets the role at every sign-in, refuses people matching none, and Administrators cannot override it", async () => {
    const a = await signInWithOidc(
      who("sub-f", { preferred_username: "frank", groups: ["provisio-readers"] }),
      mapping,
    );
    expect(a.role).toBe("Reader");
    const b = await signInWithOidc(who("sub-f", { preferred_username: "frank", groups: ["provisio-admins"] }), mapping);
    expect(b.role).toBe("Administrator");
    // The earlier session now reads as Administrator too: the role lives on the person.
    expect((await validateSession(a.token))?.role).toBe("Administrator");
    const changed = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin_user.role_changed" } });
    expect(JSON.parse(changed.details!)).toEqual({
      username: "frank",
      from: "Reader",
      to: "Administrator",
      by: "groups claim",
    });

    const refusal = await appError(
      signInWithOidc(who("sub-f", { preferred_username: "frank", groups: ["sales"] }), mapping),
    );
    expect(refusal).toEqual({ code: "oidc.not_allowed", message: "Your account is not allowed to use Provisio." });
    expect(
      await appError(signInWithOidc(who("sub-new", { preferred_username: "gus", groups: [] }), mapping)),
    ).toMatchObject({ code: "oidc.not_allowed" });
    expect(await prisma.adminUser.findUnique({ where: { username: "gus" } })).toBeNull();

    expect(
      (await appError(changeAdminRole({ userId: b.userId, role: "Reader" }, "root", { ssoRoleMapping: true }))).code,
    ).toBe("admin_user.role_from_sso");
  });

  it("without role values, new people are Readers and keep the role an Administrator gives them", async () => {
    const a = await signInWithOidc(who("sub-h", { preferred_username: "hana", groups: ["whatever"] }), noMapping);
    expect(a.role).toBe("Reader");
    await changeAdminRole({ userId: a.userId, role: "Administrator" }, "root", { ssoRoleMapping: false });
    const b = await signInWithOidc(who("sub-h", { preferred_username: "hana" }), noMapping);
    expect(b.role).toBe("Administrator");
  });

  it("before set-up, only someone the claim makes an Administrator can be the first person", async () => {
    await prisma.adminUser.deleteMany();
    expect((await appError(signInWithOidc(who("sub-i", { preferred_username: "ivan" }), noMapping))).code).toBe(
      "oidc.not_set_up",
    );
    expect(
      (
        await appError(
          signInWithOidc(who("sub-i", { preferred_username: "ivan", groups: ["provisio-readers"] }), mapping),
        )
      ).code,
    ).toBe("oidc.not_set_up");
    expect(await prisma.adminUser.count()).toBe(0);
    const first = await signInWithOidc(
      who("sub-j", { preferred_username: "jo", groups: ["provisio-admins"] }),
      mapping,
    );
    expect(first.role).toBe("Administrator");
  });
});

describe("against a real OpenID Connect provider (oidc-provider) over HTTP", () => {
  const clientSecret = `client-secret-${crypto.randomBytes(8).toString("hex")}`;
  const redirectUri = "http://localhost:3999/api/auth/oidc/callback";
  let provider: OidcTestProvider;
  let cfg: OidcConfig;
  let groupsOverride: Record<string, string[]> = {};
  const warnings: string[] = [];

  beforeAll(async () => {
    provider = await startOidcTestProvider({
      clientId: "provisio-test",
      clientSecret,
      redirectUris: [redirectUri],
      claimsFor: (login) => (groupsOverride[login] ? { groups: groupsOverride[login] } : undefined),
    });
    cfg = {
      issuer: provider.issuer,
      clientId: "provisio-test",
      clientSecret,
      displayName: "Contoso",
      scopes: "openid profile email",
      roleClaim: "groups",
      adminValues: ["provisio-admins"],
      readerValues: ["provisio-readers"],
      redirectUri,
    };
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      warnings.push(args.map(String).join(" "));
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await provider?.close();
  });
  beforeEach(() => {
    groupsOverride = {};
  });

  async function codeFlow(login: string, c: OidcConfig = cfg, opts: { cancel?: boolean } = {}) {
    const started = await startOidcSignIn(c, { next: "/logs?status=Failure" });
    const url = new URL(started.authorizationUrl);
    const step = await signInAtProvider(started.authorizationUrl, {
      login,
      callbackPrefix: redirectUri,
      cancel: opts.cancel,
    });
    if (step.kind !== "callback") throw new Error(`stuck at the provider: ${step.status} ${step.url} ${step.body}`);
    return { started, url, callback: step.url };
  }

  it("signs Alice in as an Administrator through the whole code flow with PKCE, state and nonce", async () => {
    const { started, url, callback } = await codeFlow("alice");
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/auth`);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("state")).toMatch(/.{20,}/);
    expect(url.searchParams.get("nonce")).toMatch(/.{20,}/);
    expect(url.searchParams.get("scope")).toBe("openid profile email");
    expect(url.searchParams.get("redirect_uri")).toBe(redirectUri);
    expect(started.authorizationUrl).not.toContain(clientSecret);
    // Nothing of the flow's secrets is readable in the cookie.
    expect(started.cookieValue).not.toContain(url.searchParams.get("state")!);

    const { identity, next } = await finishOidcSignIn(cfg, {
      query: callback.searchParams,
      cookieValue: started.cookieValue,
    });
    expect(next).toBe("/logs?status=Failure");
    expect(identity).toMatchObject({ issuer: provider.issuer, subject: "alice" });
    expect(identity.claims).toMatchObject({
      preferred_username: "alice",
      email: "alice@contoso.test",
      groups: ["provisio-admins", "staff"],
    });
    const result = await signInWithOidc(identity, cfg);
    expect(result).toMatchObject({ username: "alice", role: "Administrator", created: true });
    expect(await validateSession(result.token)).toMatchObject({
      username: "alice",
      displayName: "Alice Admin",
      role: "Administrator",
      signInMethod: "sso",
    });

    // The code is single-use: replaying the same callback fails, cleanly.
    const replay = await appError(
      finishOidcSignIn(cfg, { query: callback.searchParams, cookieValue: started.cookieValue }),
    );
    expect(replay.code).toBe("oidc.failed");
  });

  it("Bob becomes a Reader, Mallory (no matching group) is refused, and a group change applies at the next sign-in", async () => {
    const bob = await codeFlow("bob");
    const bobIn = await signInWithOidc(
      (await finishOidcSignIn(cfg, { query: bob.callback.searchParams, cookieValue: bob.started.cookieValue }))
        .identity,
      cfg,
    );
    expect(bobIn).toMatchObject({ username: "bob", role: "Reader" });

    const mallory = await codeFlow("mallory");
    const { identity } = await finishOidcSignIn(cfg, {
      query: mallory.callback.searchParams,
      cookieValue: mallory.started.cookieValue,
    });
    expect(await appError(signInWithOidc(identity, cfg))).toEqual({
      code: "oidc.not_allowed",
      message: "Your account is not allowed to use Provisio.",
    });
    expect(await prisma.adminUser.findUnique({ where: { username: "mallory" } })).toBeNull();

    groupsOverride = { bob: ["provisio-admins"] };
    const bob2 = await codeFlow("bob");
    const bobAgain = await signInWithOidc(
      (await finishOidcSignIn(cfg, { query: bob2.callback.searchParams, cookieValue: bob2.started.cookieValue }))
        .identity,
      cfg,
    );
    expect(bobAgain).toMatchObject({ userId: bobIn.userId, role: "Administrator" });
  });

  it("refuses a cancelled sign-in, a missing, foreign or altered cookie, and a wrong state", async () => {
    const cancelled = await codeFlow("alice", cfg, { cancel: true });
    expect(cancelled.callback.searchParams.get("error")).toBe("access_denied");
    expect(
      await appError(
        finishOidcSignIn(cfg, { query: cancelled.callback.searchParams, cookieValue: cancelled.started.cookieValue }),
      ),
    ).toEqual({
      code: "oidc.denied",
      message: "Sign-in was cancelled or refused at Contoso.",
    });

    const a = await codeFlow("alice");
    const b = await startOidcSignIn(cfg, { next: "/" });
    expect(
      (await appError(finishOidcSignIn(cfg, { query: a.callback.searchParams, cookieValue: undefined }))).code,
    ).toBe("oidc.state");
    // A cookie from another sign-in (an attacker's own, say) does not fit this callback's state.
    expect(
      (await appError(finishOidcSignIn(cfg, { query: a.callback.searchParams, cookieValue: b.cookieValue }))).code,
    ).toBe("oidc.state");
    expect(
      (
        await appError(
          finishOidcSignIn(cfg, {
            query: a.callback.searchParams,
            cookieValue: a.started.cookieValue.slice(0, -2) + "AA",
          }),
        )
      ).code,
    ).toBe("oidc.state");
    const wrongState = new URLSearchParams(a.callback.searchParams);
    wrongState.set("state", "forged");
    expect(
      (await appError(finishOidcSignIn(cfg, { query: wrongState, cookieValue: a.started.cookieValue }))).code,
    ).toBe("oidc.state");
    // Too late: the cookie's ten minutes are over.
    const late = new Date(Date.now() + 11 * 60_000);
    expect(
      (
        await appError(
          finishOidcSignIn(cfg, { query: a.callback.searchParams, cookieValue: a.started.cookieValue, now: late }),
        )
      ).code,
    ).toBe("oidc.expired");
  });

  it("a wrong client secret fails the code exchange with a clear message, and no secret, code or token reaches the log", async () => {
    warnings.length = 0;
    const wrong = { ...cfg, clientId: "provisio-test", clientSecret: "wrong-secret-value-123" };
    const flow = await codeFlow("alice", wrong);
    const failure = await appError(
      finishOidcSignIn(wrong, { query: flow.callback.searchParams, cookieValue: flow.started.cookieValue }),
    );
    expect(failure.code).toBe("oidc.failed");
    expect(failure.message).toMatch(/^Signing in with Contoso did not work\./);
    expect(warnings.join("\n")).toMatch(/invalid_client/);
    const logged = warnings.join("\n");
    for (const secret of [
      clientSecret,
      "wrong-secret-value-123",
      flow.callback.searchParams.get("code")!,
      flow.started.cookieValue,
    ])
      expect(logged).not.toContain(secret);
  });

  it("an unreachable provider is reported as such", async () => {
    const down = { ...cfg, issuer: "http://127.0.0.1:9" };
    expect(await appError(startOidcSignIn(down, { next: "/" }))).toMatchObject({
      code: "oidc.unavailable",
      message: expect.stringMatching(/^Contoso cannot be reached right now/),
    });
  });
});
