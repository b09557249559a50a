import crypto from "node:crypto";
import { secretKey } from "../../secrets/secret-box";

/**
 * A keyed fingerprint (HMAC-SHA256 with the secret-box key) of a Tenant URL and token. A credentials test
 * records the fingerprint of what it tested, so its result counts only for exactly those credentials. Keyed,
 * so the stored value says nothing about the token without the key.
 */
export function credentialsFingerprint(tenantUrl: string, token: string): string {
  return crypto
    .createHmac("sha256", secretKey())
    .update("provisio-credentials-v1\n")
    .update(tenantUrl.trim())
    .update("\n")
    .update(token)
    .digest("base64url");
}
