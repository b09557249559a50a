import { NextResponse, type NextRequest } from "next/server";
import { isAppError } from "@/lib/errors";
import { signIn } from "@/lib/auth/sign-in";
import { endSession } from "@/lib/auth/end-session";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { safeNextPath } from "@/lib/auth/request-policy";
import { clientIp, readBody, setSessionCookie } from "@/app/_lib/auth-response";
import { errorResponse } from "@/app/_lib/error-response";

export const dynamic = "force-dynamic";

/**
 * Sign-in. A route handler, not a server action: action ids are global, so the proxy lets no action through
 * without a session. The form posts JSON from script; before hydration (or without JavaScript) it posts
 * the form itself, and gets redirects instead of JSON.
 */
export async function POST(req: NextRequest) {
  const isJson = (req.headers.get("content-type") ?? "").includes("application/json");
  let body: Record<string, unknown> = {};
  try {
    body = (await readBody(req)) as Record<string, unknown>;
    const session = await signIn(body, { ip: clientIp(req) });
    // Someone already signed in on this browser is replaced, not left with a stray session.
    await endSession(req.cookies.get(SESSION_COOKIE)?.value);
    const res = isJson
      ? NextResponse.json({ ok: true }, { headers: { "Cache-Control": "no-store" } })
      : NextResponse.redirect(new URL(safeNextPath(typeof body.next === "string" ? body.next : null), req.url), 303);
    setSessionCookie(res, req, session.token, session.expiresAt);
    return res;
  } catch (e) {
    if (isJson) return errorResponse(e);
    const next = safeNextPath(typeof body.next === "string" ? body.next : null);
    const code =
      isAppError(e) && e.code === "sign_in.rate_limited"
        ? "rate_limited"
        : isAppError(e) && e.code === "sign_in.invalid"
          ? "invalid"
          : "missing";
    const url = new URL("/signin", req.url);
    url.searchParams.set("error", code);
    if (next !== "/") url.searchParams.set("next", next);
    return NextResponse.redirect(url, 303);
  }
}
