import { unstable_rethrow } from "next/navigation";
import { expectedFailure, type ActionResult } from "@/lib/action-result";

/**
 * Runs the body of a server action and turns expected failures (AppError, ZodError) into an ActionResult.
 * Next.js's own control flow (redirect(), notFound()) propagates; other errors are logged on the server
 * and reported without internals.
 */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (e) {
    const failure = expectedFailure(e);
    if (failure) return failure;
    unstable_rethrow(e);
    console.error("Unexpected error in server action:", e instanceof Error ? e.message : e);
    return { ok: false, error: "Something went wrong on the server. Nothing was saved." };
  }
}
