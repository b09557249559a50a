import crypto from "node:crypto";
import { z } from "zod";
import { secretKey } from "../secrets/secret-box";

/**
 * The sign-in in flight between "Sign in with …" and the provider's callback: state, nonce, PKCE verifier
 * and where to go afterwards. It lives in a short-lived httpOnly cookie, sealed with AES-256-GCM under a key
 * derived from the app's secret key, so the browser can neither read nor forge it.
 */
export const OIDC_TRANSACTION_COOKIE = "provisio_oidc";
export const OIDC_TRANSACTION_TTL_SECONDS = 10 * 60;

const transactionSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  next: z.string(),
  expiresAt: z.number(),
});
export type OidcTransaction = z.infer<typeof transactionSchema>;

/** A key for this purpose only (HKDF), so a sealed cookie can never be mistaken for a stored secret. */
function transactionKey(master: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", master, Buffer.alloc(0), "provisio oidc transaction v1", 32));
}

export function sealOidcTransaction(t: OidcTransaction, master: Buffer = secretKey()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", transactionKey(master), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(t), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64url");
}

export type OpenedTransaction =
  { ok: true; transaction: OidcTransaction } | { ok: false; reason: "missing" | "invalid" | "expired" };

export function openOidcTransaction(
  value: string | undefined | null,
  now: Date = new Date(),
  master: Buffer = secretKey(),
): OpenedTransaction {
  if (!value) return { ok: false, reason: "missing" };
  let parsed: OidcTransaction;
  try {
    const raw = Buffer.from(value, "base64url");
    if (raw.length < 29) return { ok: false, reason: "invalid" };
    const decipher = crypto.createDecipheriv("aes-256-gcm", transactionKey(master), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    parsed = transactionSchema.parse(JSON.parse(plain));
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (parsed.expiresAt <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, transaction: parsed };
}
