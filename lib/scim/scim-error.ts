import { AppError, type AppErrorCode } from "../errors";

/**
 * What went wrong talking to a SCIM target, in the terms the engine acts on:
 * - transient: network failure, timeout, 5xx (retried with backoff, then surfaced)
 * - rateLimited: 429 (retried after Retry-After, then surfaced)
 * - unauthorized / forbidden: 401 / 403, the secret token is wrong or lacks rights (not retried)
 * - conflict: 409 (e.g. uniqueness on create), notFound: 404, badRequest: 400 and other 4xx
 * - protocol: the target answered something that is not SCIM (malformed JSON, oversized body, no id, ...)
 * - methodNotAllowed: 405/501, e.g. a target that takes no PATCH (update() falls back to PUT)
 */
export type ScimErrorKind =
  | "transient"
  | "rateLimited"
  | "unauthorized"
  | "forbidden"
  | "conflict"
  | "notFound"
  | "badRequest"
  | "protocol"
  | "methodNotAllowed";

export type ScimErrorInit = {
  kind: ScimErrorKind;
  message: string;
  status?: number;
  scimType?: string;
  detail?: string;
  /** Whether sending the same request again later may succeed. Defaults by kind. */
  retryable?: boolean;
  /** HTTP method and path relative to the tenant URL, e.g. "POST /Users". */
  request?: string;
  /** Milliseconds the target asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
};

const CODE_BY_KIND: Record<ScimErrorKind, AppErrorCode> = {
  transient: "scim.transient",
  rateLimited: "scim.rate_limited",
  unauthorized: "scim.unauthorized",
  forbidden: "scim.forbidden",
  conflict: "scim.conflict",
  notFound: "scim.not_found",
  badRequest: "scim.bad_request",
  protocol: "scim.protocol",
  methodNotAllowed: "scim.method_not_allowed",
};

const RETRYABLE_KINDS: ReadonlySet<ScimErrorKind> = new Set(["transient", "rateLimited"]);

/**
 * An error from a SCIM target. The message is fit for an admin and never contains the secret token
 * (the client redacts it from anything the target echoes back).
 */
export class ScimError extends AppError {
  readonly kind: ScimErrorKind;
  readonly status?: number;
  readonly scimType?: string;
  readonly detail?: string;
  readonly retryable: boolean;
  readonly request?: string;
  readonly retryAfterMs?: number;

  constructor(init: ScimErrorInit) {
    super(CODE_BY_KIND[init.kind], init.message);
    this.name = "ScimError";
    this.kind = init.kind;
    this.status = init.status;
    this.scimType = init.scimType;
    this.detail = init.detail;
    this.retryable = init.retryable ?? RETRYABLE_KINDS.has(init.kind);
    this.request = init.request;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export function isScimError(e: unknown): e is ScimError {
  return e instanceof ScimError;
}
