import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { isAppError, type AppErrorCode } from "../../errors";
import { createAdminUser } from "../create-admin-user";
import { changeAdminRole, deleteAdminUser } from "../manage-admin-users";
import { bearerToken, hashApiTokenSecret, looksLikeApiTokenSecret } from "./api-token-secret";
import { createApiToken } from "./create-api-token";
import { listApiTokens } from "./list-api-tokens";
import { revokeApiToken } from "./revoke-api-token";
import { validateApiToken } from "./validate-api-token";

async function expectAppError(p: Promise<unknown>, code: AppErrorCode): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(isAppError(e) ? e.code : e).toBe(code);
    return (e as Error).message;
  }
  throw new Error(`expected AppError ${code}`);
}

async function admin(username = "ada") {
  const u = await createAdminUser({ username, password: "a-long-password-123", role: "Administrator" }, "test");
  return { id: u.id, username: u.username, role: "Administrator" as const };
}

beforeEach(async () => {
  await prisma.apiToken.deleteMany();
  await prisma.adminSession.deleteMany();
  await prisma.adminUser.deleteMany();
  await prisma.auditEvent.deleteMany();
});

describe("API tokens", () => {
  it("are returned once, stored only as their SHA-256, and never written to the audit", async () => {
    const owner = await admin();
    const created = await createApiToken({ name: "ci pipeline", role: "Administrator", expiresInDays: 30 }, owner);
    expect(looksLikeApiTokenSecret(created.token)).toBe(true);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashApiTokenSecret(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const audit = await prisma.auditEvent.findMany();
    expect(audit.map((a) => a.action)).toContain("api_token.created");
    const everything = JSON.stringify(audit);
    expect(everything).not.toContain(created.token);
    expect(everything).not.toContain(row.tokenHash);
    // The list never carries the token or its hash either.
    const list = JSON.stringify(await listApiTokens());
    expect(list).not.toContain(created.token);
    expect(list).not.toContain(row.tokenHash);
  });

  it("act as the token's name with the token's role, and record last use with the address", async () => {
    const owner = await admin();
    const reader = await createApiToken({ name: "report", role: "Reader" }, owner);
    const t0 = new Date("2026-12-01T10:00:00Z");
    const p = await validateApiToken(reader.token, { ip: "10.0.0.7", now: t0 });
    expect(p).toMatchObject({ actor: "report (API token)", role: "Reader", ownerId: owner.id });
    const [view] = await listApiTokens();
    expect(view).toMatchObject({ name: "report", lastUsedIp: "10.0.0.7", state: "Active", expiresAt: null });
    expect(view!.lastUsedAt?.toISOString()).toBe(t0.toISOString());
  });

  it("refuse unknown, malformed, revoked and expired tokens", async () => {
    const owner = await admin();
    await expectAppError(validateApiToken("pvs_" + "A".repeat(43)), "auth.token_refused");
    await expectAppError(validateApiToken("not a token"), "auth.token_refused");
    await expectAppError(validateApiToken(undefined), "auth.token_refused");

    const now = new Date();
    const short = await createApiToken({ name: "short", role: "Administrator", expiresInDays: 1 }, owner, now);
    await validateApiToken(short.token, { now });
    const later = new Date(now.getTime() + 24 * 60 * 60 * 1000 + 1);
    expect(await expectAppError(validateApiToken(short.token, { now: later }), "auth.token_refused")).toMatch(
      /expired/,
    );

    const gone = await createApiToken({ name: "gone", role: "Administrator" }, owner);
    await validateApiToken(gone.token);
    await revokeApiToken({ tokenId: gone.id }, owner.username);
    expect(await expectAppError(validateApiToken(gone.token), "auth.token_refused")).toMatch(/revoked/);
    await expectAppError(revokeApiToken({ tokenId: gone.id }, owner.username), "api_token.revoked");
    const states = Object.fromEntries((await listApiTokens(later)).map((t) => [t.name, t.state]));
    expect(states).toEqual({ short: "Expired", gone: "Revoked" });
  });

  it("never act above their owner's current role, and go with their owner", async () => {
    const owner = await admin();
    await admin("grace");
    const t = await createApiToken({ name: "deploy", role: "Administrator" }, owner);
    expect((await validateApiToken(t.token)).role).toBe("Administrator");
    await changeAdminRole({ userId: owner.id, role: "Reader" }, "grace");
    expect((await validateApiToken(t.token)).role).toBe("Reader");
    const grace = await prisma.adminUser.findUniqueOrThrow({ where: { username: "grace" } });
    await deleteAdminUser({ userId: owner.id }, { id: grace.id, username: "grace" });
    await expectAppError(validateApiToken(t.token), "auth.token_refused");
  });

  it("refuse a duplicate name, an invalid input and a Reader creator", async () => {
    const owner = await admin();
    await createApiToken({ name: "ci", role: "Reader" }, owner);
    await expectAppError(createApiToken({ name: "ci", role: "Reader" }, owner), "api_token.name_taken");
    await expect(createApiToken({ name: "", role: "Reader" }, owner)).rejects.toThrow();
    await expect(createApiToken({ name: "x", role: "Owner" as never }, owner)).rejects.toThrow();
    await expectAppError(createApiToken({ name: "y", role: "Reader" }, { ...owner, role: "Reader" }), "auth.forbidden");
  });

  it("read a bearer header", () => {
    expect(bearerToken(null)).toBeNull();
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer   abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBe("");
  });
});
