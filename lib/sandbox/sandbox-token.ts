import crypto from "node:crypto";
import { isPrismaError } from "../db/prisma-errors";
import { prisma } from "../db/prisma";
import { env } from "../env";
import { decryptSecret, encryptSecret } from "../secrets/secret-box";
import { recordAuditEvent } from "../audit/record-audit-event";

/** Setting key of the sandbox's bearer token (AES-256-GCM ciphertext). */
export const SANDBOX_TOKEN_KEY = "sandbox.token";

function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/**
 * The sandbox target's Secret Token. Created on first use and stored encrypted. Unlike tenant tokens it is
 * meant to be shown on the sandbox page, so an admin can paste it into an application's Admin Credentials.
 */
export async function getSandboxToken(): Promise<string> {
  const existing = await prisma.setting.findUnique({ where: { key: SANDBOX_TOKEN_KEY } });
  if (existing) {
    try {
      return decryptSecret(existing.value);
    } catch {
      // The secret key changed (new data folder key or PROVISIO_SECRET_KEY): nobody can present the old token
      // any more, so replace it rather than leave the sandbox and its page unusable.
      console.warn("The sandbox token could not be decrypted with the current secret key; a new one was generated.");
      const token = newToken();
      await prisma.setting.update({ where: { key: SANDBOX_TOKEN_KEY }, data: { value: encryptSecret(token) } });
      return token;
    }
  }
  const token = newToken();
  try {
    await prisma.setting.create({ data: { key: SANDBOX_TOKEN_KEY, value: encryptSecret(token) } });
    return token;
  } catch (e) {
    // Another request created it first: use theirs, so every caller sees the same token.
    if (isPrismaError(e, "P2002")) {
      const row = await prisma.setting.findUniqueOrThrow({ where: { key: SANDBOX_TOKEN_KEY } });
      return decryptSecret(row.value);
    }
    throw e;
  }
}

/** Replaces the token; clients holding the old one get 401 from then on. */
export async function regenerateSandboxToken(actor: string): Promise<void> {
  const value = encryptSecret(newToken());
  await prisma.$transaction(async (tx) => {
    await tx.setting.upsert({
      where: { key: SANDBOX_TOKEN_KEY },
      create: { key: SANDBOX_TOKEN_KEY, value },
      update: { value },
    });
    await recordAuditEvent(tx, { actor, action: "sandbox.token.regenerated" });
  });
}

/** The Tenant URL to enter in an application's Admin Credentials to point it at the built-in sandbox. */
export function sandboxTenantUrl(): string {
  return `${env().PROVISIO_BASE_URL.replace(/\/+$/, "")}/api/sandbox/scim/v2`;
}
