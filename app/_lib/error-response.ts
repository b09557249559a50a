import { NextResponse } from "next/server";
import { expectedFailure } from "@/lib/action-result";
import { errorStatus } from "@/lib/errors";

/**
 * A route handler's JSON answer to an error, shaped like an ActionResult, with the status of the error's
 * code (lib/errors.ts). Unexpected errors are logged on the server and answered 500 without internals.
 */
export function errorResponse(e: unknown): NextResponse {
  const headers = { "Cache-Control": "no-store" };
  const failure = expectedFailure(e);
  if (!failure) console.error("Unexpected error in a route handler:", e instanceof Error ? e.message : e);
  return NextResponse.json(failure ?? { ok: false, error: "Something went wrong on the server. Try again." }, {
    status: errorStatus(e),
    headers,
  });
}
