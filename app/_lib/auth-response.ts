import type { NextRequest, NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { findJsonInputProblem } from "@/lib/input/find-json-input-problem";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { resolveClientAddress } from "@/lib/auth/resolve-client-address";

export function isHttps(req: NextRequest): boolean {
  return req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** The client's address: the TCP peer, or what a trusted proxy (PROVISIO_TRUSTED_PROXIES) forwarded. */
export function clientIp(req: NextRequest): string {
  return resolveClientAddress(req.headers);
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

/** The posted JSON or form fields. JSON spelling a lone surrogate (\ud800) is refused as bad input. */
export async function readBody(req: NextRequest): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const value: unknown = await req.json().catch(() => ({}));
    const problem = findJsonInputProblem(value, { maxStringLength: 4096 });
    if (problem) throw new AppError("input.invalid_text", problem);
    return value;
  }
  const form = await req.formData().catch(() => null);
  return form ? Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) : {};
}
