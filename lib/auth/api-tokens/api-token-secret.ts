import crypto from "node:crypto";

/**
 * An API token is "pvs_" and 256 random bits in base64url: the prefix lets secret scanners and people tell it
 * from a session cookie. Only its SHA-256 is stored; the token is shown once, when it is created.
 */
const PREFIX = "pvs_";

export function newApiTokenSecret(): string {
  return PREFIX + crypto.randomBytes(32).toString("base64url");
}

export function hashApiTokenSecret(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** Tokens we hand out are "pvs_" and 43 base64url characters; anything else is not looked up. */
export function looksLikeApiTokenSecret(token: string | undefined | null): token is string {
  return typeof token === "string" && /^pvs_[A-Za-z0-9_-]{43}$/.test(token);
}

/** The token in an `Authorization: Bearer …` header, or null when there is no such header. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : "";
}
