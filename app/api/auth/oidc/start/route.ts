import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { oidcConfig, OIDC_START_PATH } from "@/lib/auth/oidc-config";
import { startOidcSignIn } from "@/lib/auth/oidc-client";
import { oidcErrorCode } from "@/lib/auth/oidc-sign-in-errors";
import { OIDC_TRANSACTION_COOKIE } from "@/lib/auth/oidc-transaction";
import { safeNextPath } from "@/lib/auth/request-policy";
import { isHttps } from "@/app/_lib/auth-response";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * "Sign in with …": redirects to the OpenID Connect provider with PKCE, state and nonce, which wait in a
 * sealed, httpOnly, SameSite=Lax cookie for the callback (ten minutes at most).
 */
export async function GET(req: NextRequest) {
  const cfg = oidcConfig();
  if (!cfg) return NextResponse.redirect(new URL("/signin", req.url), { status: 303, headers: noStore });
  const next = safeNextPath(req.nextUrl.searchParams.get("next"));

  // The provider sends people back to PROVISIO_BASE_URL: start there too, or the cookie would not come back.
  const base = new URL(env().PROVISIO_BASE_URL);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host && host.toLowerCase() !== base.host.toLowerCase() && !req.nextUrl.searchParams.has("moved")) {
    const there = new URL(OIDC_START_PATH, base);
    if (next !== "/") there.searchParams.set("next", next);
    there.searchParams.set("moved", "1");
    return NextResponse.redirect(there, { status: 303, headers: noStore });
  }

  try {
    const started = await startOidcSignIn(cfg, { next });
    const res = NextResponse.redirect(started.authorizationUrl, { status: 303, headers: noStore });
    res.cookies.set(OIDC_TRANSACTION_COOKIE, started.cookieValue, {
      httpOnly: true,
      sameSite: "lax",
      secure: isHttps(req),
      path: "/api/auth/oidc",
      maxAge: started.maxAgeSeconds,
    });
    return res;
  } catch (e) {
    const url = new URL("/signin", req.url);
    url.searchParams.set("error", oidcErrorCode(e));
    return NextResponse.redirect(url, { status: 303, headers: noStore });
  }
}
