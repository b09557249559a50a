import { Client } from "ldapts";
import { parseLdapUrl, type LdapSettings } from "./ldap-settings";

type Connection = Pick<
  LdapSettings,
  "url" | "startTls" | "caCert" | "bindDn" | "connectTimeoutSeconds" | "operationTimeoutSeconds"
>;

/** TLS options for ldaps:// and StartTLS: the saved CA certificate when there is one, else the system's CAs. */
function tlsOptions(settings: Connection): { ca?: string; servername?: string; minVersion: "TLSv1.2" } {
  const url = parseLdapUrl(settings.url);
  const host = url?.host ?? "";
  // An IP address is checked against the certificate's IP SANs; SNI takes names only.
  const servername = /^[\d.]+$|^\[/.test(host) ? undefined : host;
  return { ...(settings.caCert ? { ca: settings.caCert } : {}), servername, minVersion: "TLSv1.2" };
}

/**
 * A connected, bound client: ldaps:// or ldap:// upgraded with StartTLS before the bind, so the bind password
 * never crosses the network in clear (plain ldap:// is only accepted for loopback servers). The caller unbinds.
 * The password is sent only to `settings.url`, which the caller has checked it was saved for.
 */
export async function openLdapClient(settings: Connection, password: string): Promise<Client> {
  const ldaps = parseLdapUrl(settings.url)?.protocol === "ldaps:";
  const client = new Client({
    url: settings.url.replace(/\/+$/, ""),
    connectTimeout: settings.connectTimeoutSeconds * 1000,
    timeout: settings.operationTimeoutSeconds * 1000,
    // ldapts opens a TLS socket whenever tlsOptions are given, even for ldap://: only for ldaps://.
    ...(ldaps ? { tlsOptions: tlsOptions(settings) } : {}),
    strictDN: false,
  });
  try {
    if (settings.startTls && !ldaps) await client.startTLS(tlsOptions(settings));
    await client.bind(settings.bindDn, password);
    return client;
  } catch (e) {
    await client.unbind().catch(() => {});
    throw e;
  }
}
