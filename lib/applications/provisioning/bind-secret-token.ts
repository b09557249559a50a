import { encryptSecret } from "../../secrets/secret-box";
import { tenantUrlOrigin } from "./tenant-url-origin";

/**
 * The columns that store a Secret Token entered together with a Tenant URL: the ciphertext, and the URL's
 * origin it is bound to (see read-bound-secret-token.ts). Everything that saves a token writes both.
 */
export function bindSecretToken(
  token: string,
  tenantUrl: string | null,
): { secretTokenEnc: string; secretTokenOrigin: string | null } {
  return { secretTokenEnc: encryptSecret(token), secretTokenOrigin: tenantUrlOrigin(tenantUrl) };
}
