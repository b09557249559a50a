/**
 * The one error type of the domain: a stable code and a message fit for an admin.
 * Actions turn it into a user-facing error; anything else is reported as an internal error.
 */
export class AppError extends Error {
  readonly code: string;
  /** Field-level messages, keyed by form field or by "row N" for imports. */
  readonly fieldErrors?: Record<string, string>;

  constructor(code: string, message: string, fieldErrors?: Record<string, string>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
