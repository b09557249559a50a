import { NextResponse, type NextRequest } from "next/server";
import { isAppError } from "@/lib/errors";
import { oidcConfig } from "@/lib/auth/oidc-config";
import { describeOidcError, finishOidcSignIn, oneLogLine } from "@/lib/auth/oidc-client";
import { signInWithOidc, type OidcIdentity } from "@/lib/auth/oidc-sign-in";
import { oidcErrorCode } from "@/lib/auth/oidc-sign-in-errors";
import { OIDC_TRANSACTION_COOKIE } from "@/lib/auth/oidc-transaction";
import { endSession } from "@/lib/auth/end-session";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { safeNextPath } from "@/lib/auth/request-policy";
import { setSessionCookie } from "@/app/_lib/auth-response";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * The provider's redirect back (GET ?code&state&iss, or ?error). Verifies it against the sealed cookie,
 * exchanges the code, signs the person in and goes on to the page they asked for. Any failure lands on
 * /signin?error=sso_… with a fixed message; the one-time cookie is cleared either way.
 */
export async function GET(req: NextRequest) {
  const cfg = oidcConfig();
  if (!cfg) return NextResponse.redirect(new URL("/signin", req.url), { status: 303, headers: noStore });
  let identity: OidcIdentity | undefined;
  let res: NextResponse;
  try {
    const finished = await finishOidcSignIn(cfg, {
      query: req.nextUrl.searchParams,
      cookieValue: req.cookies.get(OIDC_TRANSACTION_COOKIE)?.value,
    });
    identity = finished.identity;
    const session = await signInWithOidc(identity, cfg);
    if (session.created) console.log(`Single sign-on: added ${session.username} as ${session.role}`);
    // Someone already signed in on this browser is replaced, not left with a stray session.
    await endSession(req.cookies.get(SESSION_COOKIE)?.value);
    res = NextResponse.redirect(new URL(safeNextPath(finished.next), req.url), { status: 303, headers: noStore });
    setSessionCookie(res, req, session.token, session.expiresAt);
  } catch (e) {
    if (isAppError(e) && e.code === "oidc.not_allowed" && identity) {
      const who =
        typeof identity.claims.preferred_username === "string" ? identity.claims.preferred_username : identity.subject;
      console.warn(
        `Single sign-on: refused ${oneLogLine(who, 100)}: no value of the ${cfg.roleClaim} claim is in PROVISIO_OIDC_ADMIN_VALUES or PROVISIO_OIDC_READER_VALUES`,
      );
    } else if (!isAppError(e)) {
      console.error(`Single sign-on: unexpected error: ${describeOidcError(e)}`);
    }
    const url = new URL("/signin", req.url);
    url.searchParams.set("error", oidcErrorCode(e));
    res = NextResponse.redirect(url, { status: 303, headers: noStore });
  }
  res.cookies.set(OIDC_TRANSACTION_COOKIE, "", { httpOnly: true, sameSite: "lax", path: "/api/auth/oidc", maxAge: 0 });
  return res;
}
