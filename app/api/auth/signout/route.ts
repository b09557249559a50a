import { NextResponse, type NextRequest } from "next/server";
import { endSession } from "@/lib/auth/end-session";
import { SESSION_COOKIE } from "@/lib/auth/session-token";

export const dynamic = "force-dynamic";

/** Ends the session on the server (the row is deleted) and clears the cookie. Posted by the Sign out form. */
export async function POST(req: NextRequest) {
  await endSession(req.cookies.get(SESSION_COOKIE)?.value);
  const res = NextResponse.redirect(new URL("/signin?signedOut=1", req.url), 303);
  res.cookies.delete(SESSION_COOKIE);
  return res;
}
