import { decryptSecret } from "../../secrets/secret-box";
import { AppError } from "../../errors";
import { ldapOrigin, type LdapSettings } from "./ldap-settings";

/**
 * The saved bind password, decrypted, for the server it was saved for and no other: when the URL has changed
 * since (a typo fixed, a new server), the admin enters the password again.
 */
export function readLdapBindPassword(
  config: { bindPassword: string | null; bindPasswordOrigin: string | null },
  settings: Pick<LdapSettings, "url">,
): string {
  if (!config.bindPassword) throw new AppError("ldap.no_password", "Enter the bind password and save it first.");
  if (config.bindPasswordOrigin !== ldapOrigin(settings.url))
    throw new AppError(
      "ldap.password_not_bound",
      "The bind password was saved for another server. Enter it again for this one.",
    );
  try {
    return decryptSecret(config.bindPassword);
  } catch {
    throw new AppError(
      "credentials.unreadable",
      "The saved bind password cannot be read (the key changed). Enter it again.",
    );
  }
}
