import crypto from "node:crypto";
import { AppError } from "../errors";
import { prisma, type Tx } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { createSession, type NewSession } from "./create-session";
import type { OidcConfig } from "./oidc-config";
import { resolveOidcRole, type OidcClaims } from "./oidc-role-mapping";
import { parseRole, type AdminRole } from "./roles";

/** Who the provider says signed in: verified issuer and subject, and their claims (ID token and userinfo). */
export type OidcIdentity = { issuer: string; subject: string; claims: OidcClaims };

export type OidcSignInResult = NewSession & { userId: string; username: string; role: AdminRole; created: boolean };

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/**
 * A username for a new single sign-on person: preferred_username, else email, else "sso-<subject>", cut to
 * what usernames allow (letters, digits, . _ @ + -), lower-cased.
 */
export function usernameFromClaims(claims: OidcClaims, subject: string): string {
  const raw = text(claims.preferred_username) ?? text(claims.email) ?? `sso-${subject}`;
  const cleaned = raw
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}._@+-]+/gu, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 90);
  return cleaned || "sso-user";
}

/**
 * The first free username from a base: "alice", then "alice-2", "alice-3"… A taken name is never reused,
 * so a single sign-on person never takes over a local account (or another provider identity) of that name.
 */
async function freeUsername(tx: Tx, base: string): Promise<string> {
  for (let n = 1; n <= 20; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await tx.adminUser.findUnique({ where: { username: candidate }, select: { id: true } }))) return candidate;
  }
  return `${base}-${crypto.randomBytes(4).toString("hex")}`;
}

/**
 * Signs in a person the provider vouched for. The link is (issuer, subject), never the username or email.
 * The first sign-in creates the person (no password: they can only sign in through the provider). With role
 * values configured the claim sets the role at every sign-in, and someone matching none is refused; without
 * them new people are Readers and keep whatever role an Administrator gives them later.
 */
export async function signInWithOidc(
  identity: OidcIdentity,
  cfg: Pick<OidcConfig, "roleClaim" | "adminValues" | "readerValues">,
  opts: { now?: Date } = {},
): Promise<OidcSignInResult> {
  const decision = resolveOidcRole(identity.claims, cfg);
  if (decision.kind === "refused") {
    throw new AppError("oidc.not_allowed", "Your account is not allowed to use Provisio.");
  }
  const displayName = text(identity.claims.name)?.slice(0, 200) ?? null;
  return prisma.$transaction(async (tx) => {
    // The issuer as the verified ID token states it, so spelling PROVISIO_OIDC_ISSUER with or without a
    // trailing slash does not make new people.
    const where = { oidcIssuer_oidcSubject: { oidcIssuer: identity.issuer, oidcSubject: identity.subject } };
    let user = await tx.adminUser.findUnique({
      where,
      select: { id: true, username: true, role: true, displayName: true },
    });
    let created = false;
    if (!user) {
      const role: AdminRole = decision.kind === "role" ? decision.role : "Reader";
      // Before set-up (nobody at all yet) only someone the claim makes an Administrator may come in first.
      if (role !== "Administrator" && (await tx.adminUser.count()) === 0) {
        throw new AppError("oidc.not_set_up", "Provisio is not set up yet. An Administrator must set it up first.");
      }
      const username = await freeUsername(tx, usernameFromClaims(identity.claims, identity.subject));
      user = await tx.adminUser.create({
        data: {
          username,
          displayName,
          passwordHash: null,
          role,
          oidcIssuer: identity.issuer,
          oidcSubject: identity.subject,
        },
        select: { id: true, username: true, role: true, displayName: true },
      });
      created = true;
      await recordAuditEvent(tx, {
        actor: username,
        action: "admin_user.created",
        details: { username, role, signIn: "single sign-on", issuer: identity.issuer },
      });
    } else {
      const data: { role?: AdminRole; displayName?: string | null } = {};
      if (decision.kind === "role" && user.role !== decision.role) data.role = decision.role;
      if (displayName && displayName !== user.displayName) data.displayName = displayName;
      if (Object.keys(data).length > 0) {
        await tx.adminUser.update({ where: { id: user.id }, data });
        if (data.role) {
          await recordAuditEvent(tx, {
            actor: "single sign-on",
            action: "admin_user.role_changed",
            details: { username: user.username, from: user.role, to: data.role, by: `${cfg.roleClaim} claim` },
          });
        }
        user = { ...user, ...data };
      }
    }
    const session = await createSession(user.id, { now: opts.now, tx });
    return { ...session, userId: user.id, username: user.username, role: parseRole(user.role), created };
  });
}
