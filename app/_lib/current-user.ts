import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { validateSession } from "@/lib/auth/validate-session";
import type { SignedInUser } from "@/lib/auth/roles";

/**
 * The signed-in user of this request, checked against the database (once per request). proxy.ts already
 * refuses requests without a session; this is the second line for pages and actions.
 */
export const getCurrentUser = cache(async (): Promise<SignedInUser | null> => {
  const store = await cookies();
  return validateSession(store.get(SESSION_COOKIE)?.value);
});

/** For pages: the user, or a redirect to sign-in. */
export async function requireUser(): Promise<SignedInUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/signin");
  return user;
}
