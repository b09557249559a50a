import { NextResponse, type NextRequest } from "next/server";
import { ZodError } from "zod";
import { zodFieldErrors } from "@/lib/action-result";
import { isAppError } from "@/lib/errors";
import { SESSION_COOKIE } from "@/lib/auth/session-token";

export function isHttps(req: NextRequest): boolean {
  return req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

export function clientIp(req: NextRequest): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || "unknown";
}

/** httpOnly, SameSite=Lax, Secure over https; it expires with the session. */
export function setSessionCookie(res: NextResponse, req: NextRequest, token: string, expiresAt: Date): void {
  res.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(req),
    path: "/",
    expires: expiresAt,
  });
}

const STATUS_BY_CODE: Record<string, number> = {
  "sign_in.rate_limited": 429,
  "sign_in.invalid": 401,
  "admin_user.wrong_password": 400,
};

/** JSON error answers for the auth route handlers, shaped like an ActionResult. */
export function errorResponse(e: unknown): NextResponse {
  const headers = { "Cache-Control": "no-store" };
  if (e instanceof ZodError) {
    return NextResponse.json(
      { ok: false, error: "Please correct the highlighted fields.", fieldErrors: zodFieldErrors(e) },
      { status: 400, headers },
    );
  }
  if (isAppError(e)) {
    return NextResponse.json(
      { ok: false, error: e.message, fieldErrors: e.fieldErrors },
      { status: STATUS_BY_CODE[e.code] ?? 400, headers },
    );
  }
  console.error("Unexpected error in sign-in:", e instanceof Error ? e.message : e);
  return NextResponse.json(
    { ok: false, error: "Something went wrong on the server. Try again." },
    { status: 500, headers },
  );
}

export async function readBody(req: NextRequest): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/json")) return req.json().catch(() => ({}));
  const form = await req.formData().catch(() => null);
  return form ? Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) : {};
}
