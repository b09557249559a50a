import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { changeOwnPassword } from "@/lib/auth/manage-admin-users";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { validateSession } from "@/lib/auth/validate-session";
import { readBody } from "@/app/_lib/auth-response";
import { errorResponse } from "@/app/_lib/error-response";

export const dynamic = "force-dynamic";

/** Changes the signed-in person's own password (Readers too, so a route handler rather than a server action). */
export async function POST(req: NextRequest) {
  try {
    const me = await validateSession(req.cookies.get(SESSION_COOKIE)?.value);
    if (!me) throw new AppError("auth.signed_out", "Your session has ended. Sign in again.");
    await changeOwnPassword(await readBody(req), me);
    return NextResponse.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
