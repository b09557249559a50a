// Pure decisions used by proxy.ts (no Next imports, so they are unit-tested here).

/** Paths reachable without signing in. SCIM endpoints authenticate with their own bearer tokens. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/api/health" ||
    pathname.startsWith("/api/sandbox/scim/") ||
    pathname === "/api/sandbox/scim" ||
    pathname === "/signin" ||
    pathname === "/setup" ||
    pathname === "/api/auth/signin" ||
    pathname === "/api/auth/setup" ||
    // Single sign-on: the redirect to the provider and its callback (checked against a sealed cookie).
    pathname === "/api/auth/oidc/start" ||
    pathname === "/api/auth/oidc/callback" ||
    pathname.startsWith("/_next/") ||
    pathname === "/favicon.ico" ||
    pathname === "/robots.txt"
  );
}

/** Endpoints that own their authentication and CSRF rules completely (machine clients, no cookies). */
export function isMachineEndpoint(pathname: string): boolean {
  return pathname === "/api/health" || pathname === "/api/sandbox/scim" || pathname.startsWith("/api/sandbox/scim/");
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** Changes a Reader may make: only to their own session and password. These are route handlers, never server actions. */
export function isReaderAllowedWrite(pathname: string): boolean {
  return pathname === "/api/auth/signout" || pathname === "/api/auth/password";
}

/**
 * A state-changing browser request from another site. Browsers send Sec-Fetch-Site and Origin on POSTs;
 * either one naming another site refuses the request. Requests with neither (curl, scripts) are not
 * browser CSRF and still need a session cookie.
 */
export function isCrossSiteRequest(headers: { get(name: string): string | null }, host: string | null): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = headers.get("origin");
  if (origin) {
    if (origin === "null") return true;
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return true;
    }
    const forwardedHost = headers.get("x-forwarded-host");
    const allowed = [host, forwardedHost].filter(Boolean).map((h) => h!.toLowerCase());
    if (!allowed.includes(originHost.toLowerCase())) return true;
  }
  return false;
}

const NEXT_BASE = "http://provisio.invalid";

/**
 * Only same-site relative paths are followed after sign-in ("//evil.example" and "/\\evil" are not).
 * The URL parser that reads a Location header drops tabs and newlines and takes "\\" for "/", so "/\t/evil"
 * would be "//evil": control characters and backslashes are refused outright, and the path is resolved the
 * way a browser would before it is checked (dot segments included), then returned in that resolved form.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2048 || !next.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return "/";
  }
  if (url.origin !== NEXT_BASE || !url.pathname.startsWith("/") || url.pathname.startsWith("//")) return "/";
  const p = url.pathname;
  if (p.startsWith("/signin") || p.startsWith("/setup") || p.startsWith("/api/")) return "/";
  return p + url.search + url.hash;
}

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React and chart libraries set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};
