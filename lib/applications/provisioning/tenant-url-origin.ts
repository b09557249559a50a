/** The refusal when a saved token would go to another origin (shared with the browser: keep this file pure). */
export const TOKEN_NOT_BOUND_CODE = "credentials.token_not_bound";
export const TOKEN_NOT_BOUND_MESSAGE = "Enter the Secret Token again for the new host.";

/**
 * The origin (scheme://host[:port], WHATWG URL rules: default port dropped, host lower-cased and in
 * punycode) of a Tenant URL, or null when there is none or it is not an http(s) URL. A saved Secret Token is
 * bound to one origin.
 */
export function tenantUrlOrigin(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  return parsed.origin;
}
