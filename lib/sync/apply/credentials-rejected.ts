import { isScimError, type ScimError } from "../../scim/scim-error";

/** Raised inside a cycle when the target refuses the credentials: nothing more is sent. */
export class CredentialsRejected extends Error {
  constructor(readonly scimError: ScimError) {
    super(scimError.message);
  }
}

/** 401 or 403 from the target: the Secret Token is refused, whatever the request was. */
export function isCredentialsRefusal(e: unknown): e is ScimError {
  return isScimError(e) && (e.kind === "unauthorized" || e.kind === "forbidden");
}
