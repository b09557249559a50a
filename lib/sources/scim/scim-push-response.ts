/** A response of the SCIM push endpoint, independent of the HTTP server that sends it. */
export type ScimPushResponse = { status: number; headers: Record<string, string>; body?: string };

const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export function scimPushJson(status: number, body: unknown, headers: Record<string, string> = {}): ScimPushResponse {
  return { status, headers: { "Content-Type": SCIM_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** An RFC 7644 §3.12 error body. */
export function scimPushError(
  status: number,
  detail: string,
  scimType?: string,
  headers: Record<string, string> = {},
): ScimPushResponse {
  return scimPushJson(
    status,
    { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail },
    headers,
  );
}
