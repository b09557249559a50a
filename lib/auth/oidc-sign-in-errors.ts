import { isAppError, type AppErrorCode } from "../errors";

/**
 * Single sign-on failures travel back to /signin as a short code in ?error= (never a message, a token or
 * a stack trace); the sign-in page turns the code into a fixed sentence.
 */
const CODES: Partial<Record<AppErrorCode, string>> = {
  "oidc.denied": "sso_denied",
  "oidc.state": "sso_state",
  "oidc.expired": "sso_expired",
  "oidc.failed": "sso_failed",
  "oidc.unavailable": "sso_unavailable",
  "oidc.not_allowed": "sso_not_allowed",
  "oidc.not_set_up": "sso_not_set_up",
};

export function oidcErrorCode(e: unknown): string {
  return (isAppError(e) && CODES[e.code]) || "sso_failed";
}

/** The sign-in page's sentence for a code; providerName is PROVISIO_OIDC_DISPLAY_NAME. */
export function oidcErrorMessage(code: string, providerName: string): string | undefined {
  switch (code) {
    case "sso_denied":
      return `Sign-in was cancelled or refused at ${providerName}.`;
    case "sso_state":
      return "This sign-in could not be verified (it was started in another browser or tab, or already used). Start again.";
    case "sso_expired":
      return "The sign-in took too long. Start again.";
    case "sso_unavailable":
      return `${providerName} cannot be reached right now. Try again in a moment, or sign in with a password.`;
    case "sso_not_allowed":
      return "Your account is not allowed to use Provisio. Ask an Administrator to add you to the right group.";
    case "sso_not_set_up":
      return "Provisio is not set up yet. An Administrator must set it up first.";
    case "sso_failed":
      return `Signing in with ${providerName} did not work. Try again; if it keeps failing, an Administrator can find the reason in the server log.`;
    default:
      return undefined;
  }
}
