import type { z } from "zod";
import type { AdminRole } from "../auth/roles";
import type { ErrorStatus } from "../errors";

/** Who calls the REST API: an API token (its name is the actor) or a signed-in person (their username). */
export type ApiPrincipal = { actor: string; role: AdminRole; via: "token" | "session" };

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

type AnyObject = z.ZodObject<z.ZodRawShape>;

/**
 * One operation of /api/v1: its OpenAPI description and its handler, in one place, so the document and
 * the behaviour come from the same zod schemas. `access: "write"` operations need an Administrator.
 */
export type EndpointSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> = {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path under /api/v1, with {name} for path parameters. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: "read" | "write";
  params?: P;
  query?: Q;
  body?: B;
  /**
   * The body as the document shows it, when the operation parses part of it itself (a configuration document is
   * checked by apply, which reports problems at the document's own paths rather than as request fields).
   */
  documentedBody?: z.ZodType;
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: z.ZodType };
  /** Problem statuses this operation can answer besides 400, 401, 403 and 500 (which every one can). */
  problems?: ErrorStatus[];
  handle: (input: {
    params: z.output<P>;
    query: z.output<Q>;
    body: z.output<B>;
    principal: ApiPrincipal;
  }) => Promise<unknown>;
};

export type Endpoint = EndpointSpec<AnyObject, AnyObject, z.ZodType>;

export function defineEndpoint<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodUndefined,
>(spec: EndpointSpec<P, Q, B>): Endpoint {
  return spec as unknown as Endpoint;
}
