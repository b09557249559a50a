import { ZodError } from "zod";
import { isAppError } from "./errors";

/** What every server action returns: data, or an error an admin can read (with per-field messages). */
export type ActionResult<T = undefined> = { ok: true; data: T } | ActionFailure;

export type ActionFailure = { ok: false; error: string; fieldErrors?: Record<string, string> };

function zodFieldErrors(error: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/**
 * The failure to show for an expected error (invalid input, an AppError), or undefined for any other error,
 * whose message may hold internals and is for the server log only.
 */
export function expectedFailure(e: unknown): ActionFailure | undefined {
  if (e instanceof ZodError) {
    return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: zodFieldErrors(e) };
  }
  if (isAppError(e)) return { ok: false, error: e.message, fieldErrors: e.fieldErrors };
  return undefined;
}
