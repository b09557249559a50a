import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { setUpFirstAdmin } from "@/lib/auth/create-admin-user";
import { firstAdminFormSchema } from "@/lib/auth/admin-user-schemas";
import { createSession } from "@/lib/auth/create-session";
import { readBody, setSessionCookie } from "@/app/_lib/auth-response";
import { errorResponse } from "@/app/_lib/error-response";

export const dynamic = "force-dynamic";

/** First start only: creates the first Administrator and signs them in. Refused once any admin exists. */
export async function POST(req: NextRequest) {
  try {
    const v = firstAdminFormSchema.parse(await readBody(req));
    const user = await setUpFirstAdmin(
      {
        username: v.username,
        displayName: v.displayName ?? undefined,
        password: v.password,
      },
      // The person at the set-up screen is the Administrator being created.
      v.username,
    );
    if (!user) throw new AppError("setup.done", "Provisio is already set up. Sign in instead.");
    const session = await createSession(user.id);
    const res = NextResponse.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
    setSessionCookie(res, req, session.token, session.expiresAt);
    return res;
  } catch (e) {
    return errorResponse(e);
  }
}
