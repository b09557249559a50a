/** What went wrong talking to an LDAP server, in words an admin can act on. */
export type LdapDiagnosis = {
  code:
    | "dns"
    | "refused"
    | "timeout"
    | "tls"
    | "invalid_credentials"
    | "base_dn_not_found"
    | "filter_no_match"
    | "bad_filter"
    | "insufficient_access"
    | "server";
  message: string;
  /** What the server or the network said, as it said it (never a password). */
  serverMessage: string | null;
};

/** RFC 4511's names of the result codes an admin meets most. */
const RESULT_NAMES: Record<number, string> = {
  1: "Operations error",
  2: "Protocol error",
  3: "Time limit exceeded",
  4: "Size limit exceeded",
  11: "Admin limit exceeded",
  13: "Confidentiality required",
  32: "No such object",
  34: "Invalid DN syntax",
  48: "Inappropriate authentication",
  49: "Invalid credentials",
  50: "Insufficient access rights",
  51: "Busy",
  52: "Unavailable",
  53: "Unwilling to perform",
  80: "Other",
};

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO|ALTNAME/i;

function tlsDiagnosis(serverMessage: string | null): LdapDiagnosis {
  return {
    code: "tls",
    message:
      "The TLS handshake failed: the server's certificate is not trusted for this host name, or the server does not offer TLS there. Paste the CA certificate that signed it, or check the URL and StartTLS.",
    serverMessage,
  };
}

/** Classifies an error from ldapts or the socket under it. */
export function diagnoseLdapError(e: unknown, where: { url: string; baseDn?: string }): LdapDiagnosis {
  const error = e instanceof Error ? e : new Error(String(e));
  const code = String((error as { code?: unknown }).code ?? "");
  const resultCode = typeof (error as { code?: unknown }).code === "number" ? Number(code) : null;
  // ldapts names the result (InvalidCredentialsError) and adds the server's diagnostic message, if any.
  const text = error.message.replace(/^\s*Code: 0x[0-9a-f]+\s*/i, "").trim();
  // By code, not by class name: bundlers minify class names.
  const name = RESULT_NAMES[resultCode ?? -1] ?? "LDAP error";
  const serverMessage =
    (resultCode !== null ? `${name} (LDAP result ${resultCode})${text ? `: ${text}` : ""}` : text).slice(0, 500) ||
    null;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME")
    return { code: "dns", message: `The server name in ${where.url} could not be resolved (DNS).`, serverMessage };
  if (/secure TLS connection|handshake|certificate|SSL routines/i.test(error.message) || TLS_CODES.test(code))
    return tlsDiagnosis(serverMessage);
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "EHOSTUNREACH" || code === "ENETUNREACH")
    return {
      code: "refused",
      message: `Nothing accepted the connection at ${where.url}: check the host, the port and any firewall.`,
      serverMessage,
    };
  if (/timed? ?out|timeout/i.test(error.message) || code === "ETIMEDOUT")
    return { code: "timeout", message: `${where.url} did not answer in time.`, serverMessage };
  if (/\btls\b|ssl/i.test(error.message) || resultCode === 52 || resultCode === 2) return tlsDiagnosis(serverMessage);
  if (resultCode === 49)
    return { code: "invalid_credentials", message: "The server refused the bind DN and password.", serverMessage };
  if (resultCode === 32)
    return {
      code: "base_dn_not_found",
      message: `The base DN ${where.baseDn ?? ""} does not exist on the server (or this account cannot see it).`,
      serverMessage,
    };
  if (resultCode === 50)
    return { code: "insufficient_access", message: "This account may not read there.", serverMessage };
  if (resultCode === 87 || /filter/i.test(error.message))
    return { code: "bad_filter", message: "The server could not use the filter.", serverMessage };
  return {
    code: "server",
    message: resultCode !== null ? `The server answered with LDAP result ${resultCode}.` : "The LDAP request failed.",
    serverMessage,
  };
}
