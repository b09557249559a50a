import { AppError } from "../errors";
import { bearerToken } from "../auth/api-tokens/api-token-secret";
import { validateApiToken } from "../auth/api-tokens/validate-api-token";
import { validateSession } from "../auth/validate-session";
import type { ApiPrincipal } from "./endpoint";

/**
 * Who makes a REST API request: the API token in `Authorization: Bearer`, else the signed-in person's session
 * cookie (the reference page and the browser). A bad token is refused even when a session cookie is sent too.
 */
export async function authenticateApiRequest(req: {
  authorization: string | null;
  sessionToken: string | undefined;
  ip: string;
}): Promise<ApiPrincipal> {
  const bearer = bearerToken(req.authorization);
  if (bearer !== null) {
    const token = await validateApiToken(bearer, { ip: req.ip });
    return { actor: token.actor, role: token.role, via: "token" };
  }
  const user = await validateSession(req.sessionToken);
  if (!user)
    throw new AppError("auth.signed_out", "Send an API token as `Authorization: Bearer <token>`, or sign in first.");
  return { actor: user.username, role: user.role, via: "session" };
}
