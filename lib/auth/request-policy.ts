// Pure decisions used by proxy.ts (no Next imports, so they are unit-tested here).
import { MAX_IMPORT_BYTES } from "../directory/import-types";

/** Paths reachable without signing in. SCIM endpoints authenticate with their own bearer tokens. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/api/health" ||
    pathname.startsWith("/api/sandbox/scim/") ||
    pathname === "/api/sandbox/scim" ||
    isScimPushPath(pathname) ||
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
  return (
    pathname === "/api/health" ||
    pathname === "/api/sandbox/scim" ||
    pathname.startsWith("/api/sandbox/scim/") ||
    isScimPushPath(pathname)
  );
}

/** Sources' SCIM push endpoints (/scim/v2/<source id>/…): bearer tokens of the source, never a session. */
function isScimPushPath(pathname: string): boolean {
  return pathname.startsWith("/scim/v2/");
}

/** The REST API (/api/v1): API tokens or sessions, answers in problem details. */
export function isRestApiPath(pathname: string): boolean {
  return pathname === "/api/v1" || pathname.startsWith("/api/v1/");
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The largest request body read at all: a 20 MB import file and its form encoding (next.config.ts agrees). */
export const MAX_REQUEST_BYTES = MAX_IMPORT_BYTES + 1024 * 1024;

/**
 * Refuses a body the server would not read whole before anything reads it: Next.js would otherwise cut it
 * at its limit and fail the server action with a 500. A body without Content-Length (chunked) cannot be
 * checked up front, so it is refused too; browsers and SCIM clients always send the length.
 */
export function requestBodyProblem(
  method: string,
  headers: { get(name: string): string | null },
): { status: 411 | 413; error: string } | null {
  if (isSafeMethod(method)) return null;
  const length = headers.get("content-length");
  if (length === null) {
    return headers.get("transfer-encoding")
      ? { status: 411, error: "Send the request with a Content-Length header." }
      : null;
  }
  const bytes = Number(length);
  if (!Number.isFinite(bytes) || bytes < 0) return { status: 411, error: "The Content-Length header is not valid." };
  if (bytes > MAX_REQUEST_BYTES) {
    const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
    return {
      status: 413,
      error: `The request is larger than ${mb(MAX_REQUEST_BYTES)}. The largest file Provisio imports is ${mb(MAX_IMPORT_BYTES)}: split it into smaller files.`,
    };
  }
  return null;
}

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
