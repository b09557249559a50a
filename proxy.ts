import { NextResponse, type NextRequest } from "next/server";
import { validateSession } from "@/lib/auth/validate-session";
import { hasAnyAdminUser } from "@/lib/auth/create-admin-user";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { bearerToken } from "@/lib/auth/api-tokens/api-token-secret";
import { validateApiToken } from "@/lib/auth/api-tokens/validate-api-token";
import { AppError, isAppError, type AppErrorCode } from "@/lib/errors";
import { problemResponse, toProblem } from "@/lib/api/problem-details";
import { clientIp } from "@/app/_lib/auth-response";
import {
  STATIC_SECURITY_HEADERS,
  contentSecurityPolicy,
  isCrossSiteRequest,
  isMachineEndpoint,
  isPublicPath,
  isReaderAllowedWrite,
  isRestApiPath,
  isSafeMethod,
  requestBodyProblem,
} from "@/lib/auth/request-policy";

/**
 * The enforcement point for sign-in, roles, CSRF and security headers. It runs on the Node.js runtime
 * (Next 16 proxy), so it checks the session cookie against the database on every request: a signed-out or
 * removed user, or a demoted Administrator, loses access at once. Server actions are POSTs to page URLs
 * carrying a Next-Action header; their ids are global, so a Reader is refused every state-changing request
 * except the two route handlers for their own session and password. The REST API (/api/v1) also takes API
 * tokens (Authorization: Bearer), checked here the same way: a Reader token changes nothing.
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
  const restApi = isRestApiPath(pathname);
  // The REST API answers RFC 9457 problem details, carrying the same codes its handlers use.
  const refuse = (status: 401 | 403, error: string, code?: AppErrorCode) =>
    finish(
      restApi
        ? problemResponse(
            toProblem(new AppError(code ?? (status === 401 ? "auth.signed_out" : "auth.forbidden"), error), pathname),
            status === 401 ? { "WWW-Authenticate": 'Bearer realm="provisio"' } : {},
          )
        : NextResponse.json({ error }, { status, headers: { "Cache-Control": "no-store" } }),
    );

  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const pass = () => finish(NextResponse.next({ request: { headers: requestHeaders } }));

  // Too large to read whole (or of unknown length): a clear 413/411 before Next cuts the body short.
  const bodyProblem = requestBodyProblem(method, request.headers);
  if (bodyProblem) {
    if (restApi && bodyProblem.status === 413) {
      return finish(problemResponse(toProblem(new AppError("request.too_large", bodyProblem.error), pathname)));
    }
    return finish(
      NextResponse.json(
        { error: bodyProblem.error },
        { status: bodyProblem.status, headers: { "Cache-Control": "no-store" } },
      ),
    );
  }

  // Health and SCIM endpoints: their own bearer tokens, no cookies, so no session and no CSRF check.
  if (isMachineEndpoint(pathname)) return pass();

  // REST API calls with an API token carry no cookie credentials, so there is no CSRF to check; the token
  // decides who calls and its role, here and again in the route handler.
  const bearer = restApi ? bearerToken(request.headers.get("authorization")) : null;
  if (bearer !== null) {
    try {
      const token = await validateApiToken(bearer, { ip: clientIp(request) });
      if (token.role !== "Administrator" && !isSafeMethod(method)) {
        return refuse(403, "This API token has the Reader role: it can read but not change anything.");
      }
    } catch (e) {
      if (!isAppError(e)) throw e;
      return refuse(401, e.message, e.code);
    }
    return pass();
  }

  if (!isSafeMethod(method) && isCrossSiteRequest(request.headers, request.headers.get("host"))) {
    return refuse(403, "Cross-site request refused.");
  }

  if (isPublicPath(pathname)) return pass();

  const token = request.cookies.get(SESSION_COOKIE)?.value;
  const user = await validateSession(token);
  if (!user) {
    const isApi = pathname.startsWith("/api/");
    let res: NextResponse;
    if (restApi) {
      return refuse(401, "Send an API token as `Authorization: Bearer <token>`, or sign in first.");
    } else if (isApi || !isSafeMethod(method) || request.headers.has("next-action")) {
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
  // Everything except build assets (which carry no data); security headers go on pages and API answers alike,
  // /favicon.ico included (it is a public path).
  matcher: ["/((?!_next/static|_next/image).*)"],
};
