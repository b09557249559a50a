import { NextResponse, type NextRequest } from "next/server";
import { validateSession } from "@/lib/auth/validate-session";
import { hasAnyAdminUser } from "@/lib/auth/create-admin-user";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import {
  STATIC_SECURITY_HEADERS,
  contentSecurityPolicy,
  isCrossSiteRequest,
  isMachineEndpoint,
  isPublicPath,
  isReaderAllowedWrite,
  isSafeMethod,
} from "@/lib/auth/request-policy";

/**
 * The enforcement point for sign-in, roles, CSRF and security headers. It runs on the Node.js runtime
 * (Next 16 proxy), so it checks the session cookie against the database on every request: a signed-out or
 * removed user, or a demoted Administrator, loses access at once. Server actions are POSTs to page URLs
 * carrying a Next-Action header; their ids are global, so a Reader is refused every state-changing request
 * except the two route handlers for their own session and password.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const method = request.method.toUpperCase();
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");

  const finish = <R extends Response>(res: R): R => {
    res.headers.set("Content-Security-Policy", csp);
    for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) res.headers.set(k, v);
    if (request.nextUrl.protocol === "https:") res.headers.set("Strict-Transport-Security", "max-age=31536000");
    return res;
  };
  const refuse = (status: 401 | 403, error: string) =>
    finish(NextResponse.json({ error }, { status, headers: { "Cache-Control": "no-store" } }));

  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const pass = () => finish(NextResponse.next({ request: { headers: requestHeaders } }));

  // Health and SCIM endpoints: their own bearer tokens, no cookies, so no session and no CSRF check.
  if (isMachineEndpoint(pathname)) return pass();

  if (!isSafeMethod(method) && isCrossSiteRequest(request.headers, request.headers.get("host"))) {
    return refuse(403, "Cross-site request refused.");
  }

  if (isPublicPath(pathname)) return pass();

  const token = request.cookies.get(SESSION_COOKIE)?.value;
  const user = await validateSession(token);
  if (!user) {
    const isApi = pathname.startsWith("/api/");
    let res: NextResponse;
    if (isApi || !isSafeMethod(method) || request.headers.has("next-action")) {
      res = NextResponse.json({ error: "Sign in first." }, { status: 401, headers: { "Cache-Control": "no-store" } });
    } else if (!(await hasAnyAdminUser())) {
      res = NextResponse.redirect(new URL("/setup", request.url));
    } else {
      const url = new URL("/signin", request.url);
      if (pathname !== "/") url.searchParams.set("next", pathname + search);
      res = NextResponse.redirect(url);
    }
    // A dead session cookie is left alone, not deleted: a request sent with it may be answered after the
    // browser got a new session (signed in again in another tab), and deleting by name would remove that.
    return finish(res);
  }

  if (user.role !== "Administrator" && !isSafeMethod(method) && !isReaderAllowedWrite(pathname)) {
    return refuse(403, "Readers can view but not change anything. Ask an Administrator.");
  }

  return pass();
}

export const config = {
  // Everything except build assets (which carry no data); security headers go on pages and API answers alike.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
