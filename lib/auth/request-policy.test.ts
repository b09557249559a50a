import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  isCrossSiteRequest,
  isMachineEndpoint,
  isPublicPath,
  isReaderAllowedWrite,
  MAX_REQUEST_BYTES,
  requestBodyProblem,
  safeNextPath,
} from "./request-policy";
import { assertTargetHostAllowed, isTargetHostAllowed, parseAllowedHosts } from "./target-host-allowed";
import { isAppError } from "../errors";
import { prisma } from "../db/prisma";
import { decryptSecret, encryptSecret, secretKey } from "../secrets/secret-box";
import { rotateSecretKey } from "./rotate-secret-key";
import { credentialsFingerprint } from "../applications/provisioning/credentials-fingerprint";

const h = (o: Record<string, string>) => new Headers(o);

describe("request bodies the server will not read", () => {
  it("refuses a body over the limit with 413 and the import limit, and one of unknown length with 411", () => {
    const big = requestBodyProblem("POST", h({ "content-length": String(MAX_REQUEST_BYTES + 1) }));
    expect(big).toEqual({ status: 413, error: expect.stringMatching(/larger than 21 MB.*imports is 20 MB/) });
    expect(requestBodyProblem("POST", h({ "transfer-encoding": "chunked" }))?.status).toBe(411);
    expect(requestBodyProblem("POST", h({ "content-length": "-1" }))?.status).toBe(411);
    expect(requestBodyProblem("POST", h({ "content-length": String(MAX_REQUEST_BYTES) }))).toBeNull();
    expect(requestBodyProblem("POST", h({}))).toBeNull();
    expect(requestBodyProblem("GET", h({ "content-length": String(MAX_REQUEST_BYTES * 2) }))).toBeNull();
  });
});

describe("which requests need a session", () => {
  it("only health, SCIM, sign-in/set-up and build assets are public", () => {
    for (const p of [
      "/api/health",
      "/api/sandbox/scim/v2/Users",
      "/signin",
      "/setup",
      "/api/auth/signin",
      "/_next/static/x.js",
    ])
      expect(isPublicPath(p)).toBe(true);
    // Single sign-on: only its start and callback, nothing else under /api/auth/oidc.
    for (const p of ["/api/auth/oidc/start", "/api/auth/oidc/callback"]) expect(isPublicPath(p), p).toBe(true);
    for (const p of [
      "/api/auth/oidc",
      "/api/auth/oidc/",
      "/api/auth/oidc/startx",
      "/api/auth/oidc/callback/x",
      "/api/auth/oidc/other",
      "/api/auth/oidc/start/../../logs",
    ]) {
      expect(isPublicPath(p), p).toBe(false);
    }
    for (const p of [
      "/",
      "/directory/users",
      "/api/logs/export",
      "/api/auth/signout",
      "/api/auth/password",
      "/signin/../directory",
      "/setupx",
      "/api/healthz",
      "/admin/users",
    ]) {
      expect(isPublicPath(p)).toBe(false);
    }
    expect(isMachineEndpoint("/api/sandbox/scim/v2/Groups")).toBe(true);
    expect(isMachineEndpoint("/api/sandboxes")).toBe(false);
  });

  it("a Reader may only post to their own sign-out and password endpoints", () => {
    expect(isReaderAllowedWrite("/api/auth/signout")).toBe(true);
    expect(isReaderAllowedWrite("/api/auth/password")).toBe(true);
    expect(isReaderAllowedWrite("/account")).toBe(false);
    expect(isReaderAllowedWrite("/admin/users")).toBe(false);
  });
});

describe("cross-site requests", () => {
  it("refuses another origin or site, accepts same-origin and non-browser clients", () => {
    expect(
      isCrossSiteRequest(h({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }), "localhost:3000"),
    ).toBe(true);
    expect(isCrossSiteRequest(h({ origin: "https://evil.example" }), "localhost:3000")).toBe(true);
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "same-site" }), "localhost:3000")).toBe(true);
    expect(isCrossSiteRequest(h({ origin: "null" }), "localhost:3000")).toBe(true);
    expect(
      isCrossSiteRequest(h({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }), "localhost:3000"),
    ).toBe(false);
    expect(
      isCrossSiteRequest(
        h({ origin: "https://provisio.example.com", "x-forwarded-host": "provisio.example.com" }),
        "127.0.0.1:3000",
      ),
    ).toBe(false);
    expect(isCrossSiteRequest(h({}), "localhost:3000")).toBe(false);
  });

  it("follows only local paths after sign-in", () => {
    expect(safeNextPath("/directory/users?q=1")).toBe("/directory/users?q=1");
    for (const bad of ["//evil.example", "https://evil.example", "/\\evil.example", "/signin", "/api/logs", null, ""])
      expect(safeNextPath(bad)).toBe("/");
  });

  it("does not follow paths that a URL parser turns into another host (tabs, newlines, backslashes, dot segments)", () => {
    // The WHATWG URL parser (Node's, and every browser's for a Location header) drops tabs and newlines and
    // reads "\\" as "/": "/\t/evil.example" resolves to https://evil.example/.
    const bad = [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\t\\evil.example",
      "/\u0000/evil.example",
      "\\/evil.example",
      "/x/../\\evil.example",
      "/x/../../api/logs",
      "/x/..//evil.example",
      "/.//evil.example",
      "/./signin",
      "/%2e/signin",
    ];
    for (const next of bad) {
      const safe = safeNextPath(next);
      expect(new URL(safe, "https://provisio.example/api/auth/oidc/callback").origin, JSON.stringify(next)).toBe(
        "https://provisio.example",
      );
      expect(safe, JSON.stringify(next)).toBe("/");
    }
    // Ordinary pages, queries and fragments still come back as given.
    expect(safeNextPath("/logs?status=Failure&q=a%2Fb#top")).toBe("/logs?status=Failure&q=a%2Fb#top");
    expect(safeNextPath("/applications/abc/provisioning")).toBe("/applications/abc/provisioning");
  });

  it("builds a CSP with the nonce, no inline scripts and no framing", () => {
    const csp = contentSecurityPolicy("abc123", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(contentSecurityPolicy("n", true)).toContain("'unsafe-eval'");
  });
});

describe("target hosts", () => {
  it("allows any http(s) host without a list, and only listed hosts with one", () => {
    expect(isTargetHostAllowed("https://anything.example/scim", [])).toBe(true);
    expect(isTargetHostAllowed("ftp://anything.example/scim", [])).toBe(false);
    expect(isTargetHostAllowed("javascript:alert(1)", [])).toBe(false);
    const list = parseAllowedHosts(" api.zscaler.net , *.Example.com ,");
    expect(list).toEqual(["api.zscaler.net", "*.example.com"]);
    expect(isTargetHostAllowed("https://api.zscaler.net/scim/v2", list)).toBe(true);
    expect(isTargetHostAllowed("https://API.ZSCALER.NET./scim/v2", list)).toBe(true);
    expect(isTargetHostAllowed("https://tenant.example.com/scim", list)).toBe(true);
    expect(isTargetHostAllowed("https://example.com/scim", list)).toBe(false);
    expect(isTargetHostAllowed("https://api.zscaler.net.evil.example/scim", list)).toBe(false);
    expect(isTargetHostAllowed("https://evil.example/?api.zscaler.net", list)).toBe(false);
    expect(isTargetHostAllowed("https://api.zscaler.net@evil.example/", list)).toBe(false);
  });

  it("explains a refused Tenant URL", () => {
    try {
      assertTargetHostAllowed("file:///etc/passwd");
      throw new Error("not refused");
    } catch (e) {
      expect(isAppError(e) && e.code).toBe("target.url_invalid");
    }
  });
});

describe("secret key rotation", () => {
  it("re-encrypts every secret in one go and keeps passed credentials tests valid", async () => {
    const oldKey = secretKey();
    const newKey = crypto.randomBytes(32);
    const app = await prisma.application.create({ data: { name: "Rotation app", templateId: "scim-2" } });
    const token = "tenant-token-rotation-123";
    const url = "https://tenant.example/scim";
    await prisma.provisioningJob.create({
      data: {
        applicationId: app.id,
        tenantUrl: url,
        secretTokenEnc: encryptSecret(token),
        credentialsTestFingerprint: credentialsFingerprint(url, token),
      },
    });
    await prisma.setting.create({ data: { key: "sandbox.token", value: encryptSecret("sandbox-token-xyz") } });
    await prisma.setting.create({ data: { key: "plain.setting", value: "hello" } });

    const result = await rotateSecretKey({ oldKey, newKey });
    expect(result).toEqual({ jobs: 1, settings: 1 });
    const job = await prisma.provisioningJob.findFirstOrThrow({ where: { applicationId: app.id } });
    expect(decryptSecret(job.secretTokenEnc!, newKey)).toBe(token);
    expect(() => decryptSecret(job.secretTokenEnc!, oldKey)).toThrow();
    expect(job.credentialsTestFingerprint).toBe(
      crypto
        .createHmac("sha256", newKey)
        .update("provisio-credentials-v1\n")
        .update(url)
        .update("\n")
        .update(token)
        .digest("base64url"),
    );
    expect(
      decryptSecret((await prisma.setting.findUniqueOrThrow({ where: { key: "sandbox.token" } })).value, newKey),
    ).toBe("sandbox-token-xyz");
    expect((await prisma.setting.findUniqueOrThrow({ where: { key: "plain.setting" } })).value).toBe("hello");

    // Rotating again with the wrong "old" key changes nothing.
    const before = await prisma.provisioningJob.findFirstOrThrow({ where: { applicationId: app.id } });
    await expect(rotateSecretKey({ oldKey, newKey: crypto.randomBytes(32) })).rejects.toThrow(/nothing was changed/);
    const after = await prisma.provisioningJob.findFirstOrThrow({ where: { applicationId: app.id } });
    expect(after.secretTokenEnc).toBe(before.secretTokenEnc);
  });
});
