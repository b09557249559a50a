import { ZodError } from "zod";

/** The statuses an error may be answered with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 422 | 429 | 500 | 502 | 503 | 504;

/**
 * Every code an AppError may carry (`area.reason`), with the HTTP status a route handler answers it with.
 * The one list of codes: a code that is not here is a type error. How the statuses are chosen:
 * - 400 input that fails validation (usually with field errors); 401 not signed in or wrong credentials;
 *   403 signed in but not allowed; 404 the thing the request is about does not exist; 405 a REST API path
 *   that does not take this method;
 * - 409 the request is fine but the current state refuses it (already deleted, taken, running, nothing saved
 *   to use yet); 413 too large; 422 well-formed input that cannot be used (an empty or unrecognised file,
 *   a chosen user or group that is not in the directory); 429 rate limited;
 * - 500 our own failure; 502 a target or provider answered wrongly or refused us (our request was fine,
 *   theirs was not); 503 it cannot be reached or asks us to wait; 504 it did not answer in time.
 */
export const APP_ERROR_STATUS = {
  // Sign-in, sessions and roles
  "auth.signed_out": 401,
  "auth.forbidden": 403,
  "setup.done": 409,
  "sign_in.invalid": 401,
  "sign_in.rate_limited": 429,
  "admin_user.not_found": 404,
  "admin_user.exists": 409,
  "admin_user.last_administrator": 409,
  "admin_user.role_from_sso": 409,
  "admin_user.self": 403,
  "admin_user.sso": 409,
  "admin_user.wrong_password": 400,
  // API tokens (lib/auth/api-tokens) and the REST API's own request checks
  "auth.token_refused": 401,
  "api_token.not_found": 404,
  "api_token.name_taken": 409,
  "api_token.revoked": 409,
  "request.invalid": 400,
  "request.invalid_json": 400,
  "request.too_large": 413,
  "api.not_found": 404,
  "api.method_not_allowed": 405,
  // Single sign-on (these travel to /signin as ?error=sso_…, see oidc-sign-in-errors.ts)
  "oidc.denied": 401,
  "oidc.state": 400,
  "oidc.expired": 400,
  "oidc.failed": 502,
  "oidc.unavailable": 503,
  "oidc.not_allowed": 403,
  "oidc.not_set_up": 409,
  // Directory
  "directory.user_not_found": 404,
  "directory.group_not_found": 404,
  "directory.group_ambiguous": 409,
  "directory.member_not_found": 422,
  "directory.user_deleted": 409,
  "directory.group_deleted": 409,
  "directory.already_deleted": 409,
  "directory.not_deleted": 409,
  "directory.upn_taken": 409,
  "directory.source_owned": 409,
  "directory.bad_cursor": 400,
  // Sources (SCIM push)
  "source.not_found": 404,
  "source.name_taken": 409,
  "source.kind": 409,
  "source.no_tokens": 409,
  "source.too_many_tokens": 409,
  "source.token_not_found": 404,
  "source.mapping_invalid": 400,
  // LDAP sources (lib/sources/ldap)
  "ldap.not_configured": 409,
  "ldap.no_password": 409,
  "ldap.password_not_bound": 409,
  "ldap.sync_running": 409,
  "ldap.lease_lost": 409,
  "ldap.sync_process": 500,
  "ldap.invalid": 400,
  "input.invalid_text": 400,
  // Directory imports
  "import.no_file": 400,
  "import.too_large": 413,
  "import.empty": 422,
  "import.malformed_csv": 400,
  "import.malformed_json": 400,
  "import.unrecognised_csv": 422,
  "import.unrecognised_json": 422,
  "import.unsupported_csv_version": 422,
  "import.upn_conflict": 409,
  "import.busy": 503,
  "import.process": 500,
  "import.failed": 500,
  "import.out_of_memory": 413,
  "import.timeout": 504,
  "import.invalid_unicode": 400,
  "import.wrong_encoding": 422,
  "import.bad_encoding": 422,
  // Applications and assignments
  "application.not_found": 404,
  "template.not_found": 404,
  "assignment.not_found": 404,
  "assignment.principal_not_found": 422,
  "assignment.principal_deleted": 409,
  "assignment.duplicate": 409,
  "assignment.invalid_role": 400,
  // Provisioning configuration and credentials
  "provisioning.no_job": 404,
  "provisioning.invalid": 400,
  "provisioning.invalid_tenant_url": 400,
  "provisioning.no_token": 400,
  "provisioning.invalid_token": 400,
  "target.url_invalid": 400,
  "target.host_not_allowed": 422,
  "credentials.missing": 409,
  "credentials.unreadable": 409,
  "credentials.token_not_bound": 409,
  // Configuration as code (lib/config-as-code)
  "configuration.invalid": 400,
  "configuration.too_large": 413,
  "configuration.application_ambiguous": 409,
  // Mappings, attribute lists, schema discovery, test expression
  "mappings.invalid": 400,
  "attributes.invalid": 400,
  "test.not_found": 422,
  "discovery.no_credentials": 409,
  "discovery.network": 503,
  "discovery.unauthorized": 502,
  "discovery.unsupported": 502,
  "discovery.http": 502,
  "discovery.not_scim": 502,
  "discovery.empty": 502,
  "discovery.redirect": 502,
  "discovery.timeout": 504,
  "discovery.too_large": 413,
  // The SCIM client: our own input first, then what a target answered (ScimError, by kind)
  "scim.invalid_tenant_url": 400,
  "scim.invalid_token": 400,
  "scim.invalid_id": 400,
  "scim.invalid_path": 400,
  "scim.transient": 503,
  "scim.rate_limited": 503,
  "scim.unauthorized": 502,
  "scim.forbidden": 502,
  "scim.conflict": 502,
  "scim.not_found": 502,
  "scim.bad_request": 502,
  "scim.protocol": 502,
  "scim.method_not_allowed": 502,
  // Jobs and cycles
  "job.not_found": 404,
  "cycle.running": 409,
  "cycle.not_due": 409,
  "cycle.lease_lost": 409,
  "cycle.process": 500,
  "cycle.failed": 500,
  "deletes.nothing_held": 409,
  "on_demand.not_found": 422,
  "on_demand.not_member": 400,
  "on_demand.too_many_members": 400,
  "on_demand.groups_off": 409,
  "on_demand.timeout": 504,
  "on_demand.no_worker": 503,
  "on_demand.worker_failed": 500,
  "run_now.off": 409,
  "run_now.quarantined": 409,
  "retry.not_quarantined": 409,
  "retry.deletes_held": 409,
  "retry.test_first": 409,
  // The drift report: the target refused the token, or could not be read
  "drift.credentials_refused": 502,
  "drift.target_failed": 502,
  // Logs and notifications
  "logs.not_found": 404,
  "logs.bad_cursor": 400,
  "notify.no_address": 400,
  "notify.smtp_failed": 502,
} as const satisfies Record<`${string}.${string}`, ErrorStatus>;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === "string" && Object.hasOwn(APP_ERROR_STATUS, value);
}

/**
 * The one error type of the domain: a stable code and a message fit for an admin.
 * Actions turn it into a user-facing error; anything else is reported as an internal error.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Field-level messages, keyed by form field or by "row N" for imports. */
  readonly fieldErrors?: Record<string, string>;

  constructor(code: AppErrorCode, message: string, fieldErrors?: Record<string, string>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** The HTTP status to answer an error with: its code's for an AppError, 400 for invalid input, else 500. */
export function errorStatus(e: unknown): ErrorStatus {
  if (isAppError(e)) return APP_ERROR_STATUS[e.code];
  if (e instanceof ZodError) return 400;
  return 500;
}
