import { AppError } from "@/lib/errors";
import type { SignedInUser } from "@/lib/auth/roles";
import { getCurrentUser } from "./current-user";

/**
 * Defence in depth for server actions that change anything: call it first inside runAction. proxy.ts is the
 * enforcement point (it refuses every state-changing request from a Reader); this keeps an action safe even
 * if the proxy's matcher were ever changed.
 *
 *   export async function saveThing(fd: FormData) {
 *     return runAction(async () => { const me = await requireAdmin(); ...; });
 *   }
 */
export async function requireAdmin(): Promise<SignedInUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("auth.signed_out", "Your session has ended. Sign in again.");
  if (user.role !== "Administrator")
    throw new AppError("auth.forbidden", "Readers can view but not change anything. Ask an Administrator.");
  return user;
}
