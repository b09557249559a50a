import { isTargetHostAllowed } from "../auth/target-host-allowed";
import crypto from "node:crypto";
import { readCappedBody } from "./read-capped-body";

/**
 * "Test Connection" for Admin Credentials: one real SCIM request, as Entra ID sends it,
 * `GET {tenantUrl}/Users?filter=userName eq "<random guid>"` with the bearer token. It succeeds on HTTP 200
 * with a SCIM ListResponse body. Every failure is classified with a message an admin can act on, the HTTP
 * status and a short snippet of the body where there is one. The token never appears in any message.
 */

export const LIST_RESPONSE_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

export type ConnectionFailureKind =
  | "InvalidUrl"
  | "InvalidToken"
  | "Dns"
  | "ConnectionRefused"
  | "Tls"
  | "Timeout"
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "HttpError"
  | "NotScim"
  | "Network";

/** Short human titles for each kind, for headings in the UI. */
export const connectionFailureTitles: Record<ConnectionFailureKind, string> = {
  InvalidUrl: "Invalid Tenant URL",
  InvalidToken: "Invalid Secret Token",
  Dns: "Server not found (DNS)",
  ConnectionRefused: "Connection refused",
  Tls: "TLS error",
  Timeout: "Timed out",
  Unauthorized: "Unauthorized",
  Forbidden: "Forbidden",
  NotFound: "Not found",
  HttpError: "HTTP error",
  NotScim: "Not a SCIM response",
  Network: "Network error",
};

export type ConnectionTestResult =
  | { ok: true; status: number; message: string; durationMs: number }
  | { ok: false; kind: ConnectionFailureKind; message: string; status?: number; snippet?: string; durationMs: number };

export type ConnectionTestOptions = {
  /** Abort the whole exchange (connect, headers and body) after this long. Default 10 s. */
  timeoutMs?: number;
  /** Read at most this many bytes of the response body. Default 1 MiB. */
  maxBytes?: number;
};

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;
const SNIPPET_CHARS = 300;

/** Checks a Tenant URL before anything is sent. Returns an admin-readable problem, or null when fine. */
export function tenantUrlProblem(raw: string): string | null {
  const value = raw.trim();
  if (value === "") return "Enter the Tenant URL.";
  if (/\s/.test(value)) return "The Tenant URL must not contain spaces.";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full URL that starts with https:// (or http://).";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return "The Tenant URL must start with https:// or http://.";
  if (!url.hostname) return "The Tenant URL needs a host name.";
  if (url.username || url.password)
    return "Do not put credentials in the Tenant URL; enter the token as the Secret Token.";
  if (url.hash) return "The Tenant URL must not contain a # fragment.";
  if (!isTargetHostAllowed(value))
    return `The host ${url.hostname} is not in this server's allowed targets (PROVISIO_ALLOWED_TARGET_HOSTS).`;
  return null;
}

/** Checks a bearer token: it goes into an HTTP header, so only visible ASCII characters are allowed. */
export function secretTokenProblem(token: string): string | null {
  if (token === "") return "Enter the Secret Token.";
  if (token.length < 8) return "The Secret Token is too short: bearer tokens have at least 8 characters.";
  if (token.length > 8192) return "The Secret Token is too long (at most 8192 characters).";
  if (!/^[\x21-\x7E]+$/.test(token))
    return "The Secret Token may only contain visible ASCII characters, without spaces.";
  return null;
}

/** The URL Test Connection requests: {tenantUrl}/Users?filter=userName eq "<guid>", keeping any query string. */
export function connectionTestUrl(tenantUrl: string, guid: string = crypto.randomUUID()): string {
  const url = new URL(tenantUrl.trim());
  url.pathname = url.pathname.replace(/\/+$/, "") + "/Users";
  // encodeURIComponent writes spaces as %20: some SCIM servers do not decode "+" in a query as a space.
  const filter = `filter=${encodeURIComponent(`userName eq "${guid}"`)}`;
  url.search = url.search ? `${url.search}&${filter}` : `?${filter}`;
  return url.toString();
}

export async function testScimConnection(
  input: { tenantUrl: string; token: string },
  options: ConnectionTestOptions = {},
): Promise<ConnectionTestResult> {
  const started = Date.now();
  const token = input.token;
  const redact = (text: string) => redactSecret(text, token);
  const fail = (
    kind: ConnectionFailureKind,
    message: string,
    extra: { status?: number; snippet?: string } = {},
  ): ConnectionTestResult => ({
    ok: false,
    kind,
    message: redact(message),
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    ...(extra.snippet ? { snippet: redact(extra.snippet) } : {}),
    durationMs: Date.now() - started,
  });

  const urlProblem = tenantUrlProblem(input.tenantUrl);
  if (urlProblem) return fail("InvalidUrl", urlProblem);
  const tokenProblem = secretTokenProblem(token);
  if (tokenProblem) return fail("InvalidToken", tokenProblem);

  const target = new URL(input.tenantUrl.trim());
  const where = target.host;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seconds = formatSeconds(timeoutMs);

  try {
    let response: Response;
    try {
      response = await fetch(connectionTestUrl(input.tenantUrl), {
        method: "GET",
        headers: { Authorization: `Bearer ${token}`, Accept: "application/scim+json" },
        // A redirect would carry the token to wherever it points; report it instead of following it.
        redirect: "manual",
        signal: controller.signal,
        cache: "no-store",
      });
    } catch (e) {
      if (controller.signal.aborted) {
        return fail(
          "Timeout",
          `The server at ${where} did not answer within ${seconds}. Check that the Tenant URL is reachable from this server.`,
        );
      }
      return classifyNetworkError(e, where, fail);
    }

    let body: { text: string; truncated: boolean };
    try {
      body = await readCappedBody(response, maxBytes);
    } catch {
      if (controller.signal.aborted) {
        return fail(
          "Timeout",
          `The server at ${where} answered HTTP ${response.status} but did not finish sending its response within ${seconds}.`,
          {
            status: response.status,
          },
        );
      }
      return fail("Network", `The connection to ${where} broke while reading the response.`, {
        status: response.status,
      });
    }
    const snippet = makeSnippet(body.text);
    const status = response.status;

    if (status === 401) {
      return fail(
        "Unauthorized",
        "The target rejected the Secret Token (HTTP 401 Unauthorized). Check the token, or generate a new one in the application's admin portal.",
        { status, snippet },
      );
    }
    if (status === 403) {
      return fail(
        "Forbidden",
        "The target accepted the connection but refused access (HTTP 403 Forbidden). The token may lack the permission to read users, or SCIM provisioning may be switched off at the target.",
        { status, snippet },
      );
    }
    if (status === 404) {
      return fail(
        "NotFound",
        `Nothing was found at this Tenant URL (HTTP 404 Not Found). Check the path: it should be the SCIM base URL, without /Users at the end.`,
        { status, snippet },
      );
    }
    if (status >= 300 && status < 400) {
      const location = response.headers.get("location");
      return fail(
        "HttpError",
        `The target redirected the request (HTTP ${status})${location ? ` to ${truncate(location, 200)}` : ""}. Use the final address as the Tenant URL.`,
        { status, snippet },
      );
    }
    if (status !== 200) {
      const text = response.statusText ? ` ${response.statusText}` : "";
      const hint = status >= 500 ? " The target had a problem; try again later or contact its administrator." : "";
      return fail("HttpError", `The target answered HTTP ${status}${text} instead of 200.${hint}`, { status, snippet });
    }
    if (body.truncated) {
      return fail(
        "NotScim",
        `The response is larger than ${Math.round(maxBytes / 1024)} KiB, which a SCIM ListResponse for one user never is. Check that the Tenant URL is the SCIM base URL.`,
        { status, snippet },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      return fail(
        "NotScim",
        "The target answered HTTP 200, but not with JSON, so it is not a SCIM service. Check that the Tenant URL is the SCIM base URL, not a web page.",
        { status, snippet },
      );
    }
    const schemas = parsed && typeof parsed === "object" ? (parsed as { schemas?: unknown }).schemas : undefined;
    if (!Array.isArray(schemas) || !schemas.includes(LIST_RESPONSE_URN)) {
      return fail(
        "NotScim",
        'The target answered HTTP 200 with JSON that is not a SCIM ListResponse (its "schemas" lacks the ListResponse URN). Check that the Tenant URL is the SCIM base URL.',
        { status, snippet },
      );
    }
    return {
      ok: true,
      status,
      message: `Connected to ${where}: the target answered a SCIM user query with a ListResponse.`,
      durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}

type Fail = (
  kind: ConnectionFailureKind,
  message: string,
  extra?: { status?: number; snippet?: string },
) => ConnectionTestResult;

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "EPROTO",
]);

function errorCode(e: unknown): { code?: string; message?: string } {
  // undici wraps the socket error as `cause` of "TypeError: fetch failed".
  let current: unknown = e;
  for (let i = 0; i < 4 && current && typeof current === "object"; i++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string") return { code, message: typeof message === "string" ? message : undefined };
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      current = errors[0];
      continue;
    }
    current = (current as { cause?: unknown }).cause;
  }
  const message = (e as { cause?: { message?: unknown } })?.cause?.message;
  return { message: typeof message === "string" ? message : undefined };
}

function classifyNetworkError(e: unknown, where: string, fail: Fail): ConnectionTestResult {
  const { code, message } = errorCode(e);
  const host = where.replace(/:\d+$/, "");
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME" || code === "EAI_FAIL") {
    return fail(
      "Dns",
      `The server "${host}" could not be found (DNS lookup failed: ${code}). Check the host name in the Tenant URL.`,
    );
  }
  if (code === "ECONNREFUSED") {
    return fail(
      "ConnectionRefused",
      `The server at ${where} refused the connection (ECONNREFUSED). Check the host and port, and that the SCIM service is running.`,
    );
  }
  if (
    code &&
    (TLS_CODES.has(code) || code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS") || code.includes("CERT"))
  ) {
    return fail(
      "Tls",
      `A secure (TLS) connection to ${where} could not be made (${code}). Check that the Tenant URL's https:// is right and that the server's certificate is valid and trusted.`,
    );
  }
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT") {
    return fail("Timeout", `The connection to ${where} timed out (${code}).`);
  }
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") {
    return fail(
      "Network",
      `The server at ${where} closed the connection unexpectedly (${code}). If the URL uses http://, check whether it should be https://.`,
    );
  }
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") {
    return fail(
      "Network",
      `The server at ${where} cannot be reached from here (${code}). Check the network and any firewall.`,
    );
  }
  if (message === "bad port") {
    return fail(
      "Network",
      `The port in the Tenant URL (${where}) is one that HTTP clients refuse to use. Use the port the SCIM service listens on.`,
    );
  }
  return fail(
    "Network",
    `The request to ${where} failed${code ? ` (${code})` : message ? ` (${truncate(message, 120)})` : ""}.`,
  );
}

function makeSnippet(text: string): string | undefined {
  const flat = text.replace(/\s+/g, " ").trim();
  if (!flat) return undefined;
  return truncate(flat, SNIPPET_CHARS);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 1 ? `${Number.isInteger(s) ? s : s.toFixed(1)} seconds` : `${ms} ms`;
}

/** Replaces every occurrence of the secret (as sent or echoed back) so it can never reach a message or log. */
export function redactSecret(text: string, secret: string): string {
  if (!secret) return text;
  return text.split(secret).join("[redacted]");
}
