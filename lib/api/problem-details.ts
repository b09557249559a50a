import { ZodError } from "zod";
import { AppError, errorStatus, isAppError, type ErrorStatus } from "../errors";
import { expectedFailure } from "../action-result";

/** RFC 9457 problem details, with Provisio's typed error code and per-field messages. */
export type ProblemDetails = {
  type: string;
  title: string;
  status: ErrorStatus;
  detail: string;
  code: string;
  instance?: string;
  fieldErrors?: Record<string, string>;
};

const TITLES: Partial<Record<ErrorStatus, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The problem `type`: the error code's entry on the API reference page (a relative URI, resolved on the host). */
function problemType(code: string): string {
  return `/api-reference#error-${code}`;
}

/**
 * The problem details for an error. AppErrors keep their code, message and field errors; invalid input
 * (ZodError) is `request.invalid` with a message per field; anything else is `internal` without internals.
 */
export function toProblem(e: unknown, instance?: string): ProblemDetails {
  const error = e instanceof ZodError ? invalidRequest(e) : e;
  const status = errorStatus(error);
  const failure = expectedFailure(error);
  const code = isAppError(error) ? error.code : "internal";
  return {
    type: isAppError(error) ? problemType(code) : "about:blank",
    title: TITLES[status] ?? "Error",
    status,
    detail: failure?.error ?? "Something went wrong on the server. Nothing was saved.",
    code,
    ...(instance ? { instance } : {}),
    ...(failure?.fieldErrors ? { fieldErrors: failure.fieldErrors } : {}),
  };
}

function invalidRequest(e: ZodError): AppError {
  const fieldErrors = expectedFailure(e)?.fieldErrors;
  return new AppError("request.invalid", "Please correct the fields listed in fieldErrors.", fieldErrors);
}

export function problemResponse(problem: ProblemDetails, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
  });
}
