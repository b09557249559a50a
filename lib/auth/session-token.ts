import crypto from "node:crypto";

/** Name of the session cookie. It holds a random 256-bit token; the database keeps only its SHA-256. */
export const SESSION_COOKIE = "provisio_session";

export function newSessionToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export function hashSessionToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** Tokens we hand out are 43 base64url characters; anything else is not looked up. */
export function looksLikeSessionToken(token: string | undefined | null): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
