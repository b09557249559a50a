import { ZodError } from "zod";
import { isAppError } from "./errors";

/** What every server action returns: data, or an error an admin can read (with per-field messages). */
export type ActionResult<T = undefined> =
  { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

export function zodFieldErrors(error: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/**
 * Runs the body of a server action and turns expected failures (AppError, ZodError) into an ActionResult.
 * Unexpected errors are logged on the server and reported without internals.
 */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (e) {
    if (e instanceof ZodError) {
      return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: zodFieldErrors(e) };
    }
    if (isAppError(e)) return { ok: false, error: e.message, fieldErrors: e.fieldErrors };
    // Next.js control flow (redirect, notFound) must propagate.
    if (e && typeof e === "object" && "digest" in e && typeof (e as { digest: unknown }).digest === "string") {
      const digest = (e as { digest: string }).digest;
      if (digest.startsWith("NEXT_")) throw e;
    }
    console.error("Unexpected error in server action:", e instanceof Error ? e.message : e);
    return { ok: false, error: "Something went wrong on the server. Nothing was saved." };
  }
}
