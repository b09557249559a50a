import type { ScimError } from "../../scim/scim-error";

/** Raised inside a cycle when the target refuses the credentials: nothing more is sent. */
export class CredentialsRejected extends Error {
  constructor(readonly scimError: ScimError) {
    super(scimError.message);
  }
}
