import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { APP_ERROR_STATUS, type ErrorStatus } from "../errors";
import type { Endpoint } from "./endpoint";
import { problemSchema } from "./api-schemas";
import { API_ENDPOINTS } from "./api-endpoints";

const API_BASE_PATH = "/api/v1";

const PROBLEM_DESCRIPTIONS: Partial<Record<ErrorStatus, string>> = {
  400: "Invalid input: `code` is request.invalid (with fieldErrors) or a more specific code.",
  401: "No API token or session, or the token is unknown, revoked or expired.",
  403: "The token or person is a Reader, and this operation changes something.",
  404: "The thing the request is about does not exist.",
  409: "The request is fine, but the current state refuses it.",
  422: "Well-formed input that cannot be used.",
  500: "Provisio failed; nothing was saved.",
};

function problemResponse(status: ErrorStatus) {
  const codes = Object.entries(APP_ERROR_STATUS)
    .filter(([, s]) => s === status)
    .map(([c]) => c);
  return {
    description: `${PROBLEM_DESCRIPTIONS[status] ?? "Problem."} Codes: ${codes.join(", ") || "internal"}.`,
    content: { "application/problem+json": { schema: problemSchema } },
  };
}

function register(registry: OpenAPIRegistry, e: Endpoint) {
  const statuses = new Set<ErrorStatus>([
    400,
    401,
    500,
    ...(e.access === "write" ? [403 as const] : []),
    ...(e.problems ?? []),
  ]);
  const problems = Object.fromEntries([...statuses].sort().map((s) => [s, problemResponse(s)]));
  registry.registerPath({
    method: e.method,
    path: e.path,
    operationId: e.operationId,
    tags: [e.tag],
    summary: e.summary,
    description: [e.description, e.access === "write" ? "Needs an Administrator token." : "Readers may call it."]
      .filter(Boolean)
      .join(" "),
    request: {
      ...(e.params ? { params: e.params } : {}),
      ...(e.query ? { query: e.query } : {}),
      ...(e.body
        ? {
            body: {
              required: !e.body.safeParse(undefined).success,
              content: { "application/json": { schema: e.documentedBody ?? e.body } },
            },
          }
        : {}),
    },
    responses: {
      [e.success.status]: {
        description: e.success.description,
        ...(e.success.schema ? { content: { "application/json": { schema: e.success.schema } } } : {}),
      },
      ...problems,
    },
  });
}

/** The OpenAPI 3.1 document of /api/v1, generated from the endpoints' zod schemas. */
export function buildOpenApiDocument(opts: { serverUrl?: string } = {}) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiToken", {
    type: "http",
    scheme: "bearer",
    description: "An API token created under People → API tokens.",
  });
  for (const e of API_ENDPOINTS) register(registry, e);
  const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Provisio REST API",
      version: "1.0.0",
      description:
        "Automate what an admin does in Provisio: applications, assignments, provisioning, cycles and logs. Errors " +
        "are RFC 9457 problem details carrying a typed error code.",
    },
    servers: [{ url: `${opts.serverUrl ?? ""}${API_BASE_PATH}` }],
    security: [{ apiToken: [] }],
  });
  return doc;
}
