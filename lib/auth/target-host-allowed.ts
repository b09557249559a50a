import { AppError } from "../errors";
import { env } from "../env";

/** Parses PROVISIO_ALLOWED_TARGET_HOSTS: comma-separated host names, "*.example.com" for subdomains. */
export function parseAllowedHosts(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase().replace(/\.$/, ""))
    .filter(Boolean);
}

export function isTargetHostAllowed(
  url: string,
  allowed: string[] = parseAllowedHosts(env().PROVISIO_ALLOWED_TARGET_HOSTS),
): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  if (allowed.length === 0) return true;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, "");
  return allowed.some((entry) => {
    if (entry.startsWith("*.")) {
      const suffix = entry.slice(1); // ".example.com"
      return host.endsWith(suffix) && host.length > suffix.length;
    }
    return host === entry;
  });
}

/**
 * Refuses a Tenant URL that is not http(s) or whose host is outside PROVISIO_ALLOWED_TARGET_HOSTS.
 * Call it wherever a SCIM client is about to talk to a target (Test Connection, cycles, schema discovery).
 */
export function assertTargetHostAllowed(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new AppError("target.url_invalid", "The Tenant URL must start with https:// (or http://).", {
      tenantUrl: "Enter an http(s) URL.",
    });
  }
  if (!isTargetHostAllowed(url)) {
    throw new AppError(
      "target.host_not_allowed",
      `The host ${parsed.hostname} is not in this server's list of allowed targets (PROVISIO_ALLOWED_TARGET_HOSTS).`,
      { tenantUrl: "This host is not allowed on this server." },
    );
  }
}
