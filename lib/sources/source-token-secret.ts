import crypto from "node:crypto";

/**
 * Source bearer tokens: "prv_" and 43 base64url characters (256 random bits). Only the SHA-256 of a token is
 * stored; a random 256-bit secret needs no slow hash, and the digest lets a request's token be found by index.
 */
const TOKEN_PREFIX = "prv_";
/** How much of a token stays visible after creation (the "prv_" marker and 6 characters). */
const VISIBLE = TOKEN_PREFIX.length + 6;

export function newSourceTokenSecret(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashSourceToken(token), prefix: token.slice(0, VISIBLE) };
}

export function hashSourceToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** Constant-time comparison of two hex digests of equal length. */
export function sameTokenHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && crypto.timingSafeEqual(x, y);
}
