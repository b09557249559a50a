import { AppError } from "../../errors";
import { decryptSecret } from "../../secrets/secret-box";
import { TOKEN_NOT_BOUND_MESSAGE, tenantUrlOrigin } from "./tenant-url-origin";

/**
 * The one gate between a saved Secret Token and the network: Test Connection, Save, cycles, provision on
 * demand and schema discovery all read the saved token through here. It gives the token only for a Tenant
 * URL on the origin the token was saved with, so changing the URL can never send the old token to a new
 * host. Returns null when no token is saved, and throws AppError credentials.token_not_bound (another
 * origin, or a token saved without a Tenant URL) or credentials.unreadable (the key changed).
 */
export function readBoundSecretToken(
  job: { secretTokenEnc: string | null; secretTokenOrigin: string | null },
  tenantUrl: string,
): string | null {
  if (!job.secretTokenEnc) return null;
  const bound = tenantUrlOrigin(job.secretTokenOrigin);
  if (bound === null || bound !== tenantUrlOrigin(tenantUrl)) {
    throw new AppError("credentials.token_not_bound", TOKEN_NOT_BOUND_MESSAGE, {
      secretToken: TOKEN_NOT_BOUND_MESSAGE,
    });
  }
  try {
    return decryptSecret(job.secretTokenEnc);
  } catch {
    const message =
      "The saved Secret Token cannot be read with this server's key (it has changed). Enter the token again.";
    throw new AppError("credentials.unreadable", message, { secretToken: message });
  }
}
