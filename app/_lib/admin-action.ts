import type { ActionResult } from "@/lib/action-result";
import { runAction } from "./run-action";
import { requireAdmin } from "./require-admin";

/**
 * runAction for server actions that change something: only an Administrator may run the body, which gets
 * the signed-in username for the audit trail. proxy.ts already refuses Readers' posts; this is the second
 * lock on the same door.
 */
export async function adminAction<T>(body: (actor: string) => Promise<T>): Promise<ActionResult<T>> {
  return runAction(async () => {
    const me = await requireAdmin();
    return body(me.username);
  });
}
