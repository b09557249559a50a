/**
 * scimmy's resource declarations (User, Group) are global to the process, and so are their ingress, egress
 * and degress handlers. Two SCIM endpoints live in this process: the sandbox target (lib/sandbox) and the
 * inbound SCIM push endpoint of sources (lib/sources/scim). The sandbox declares the resources and attaches
 * its handlers; a request of another endpoint carries its own handlers in the `ctx` it passes to scimmy, and
 * the sandbox's handlers hand such a request over untouched.
 */
export type ScimResourceKind = "User" | "Group";

/** The resource scimmy passes to a handler: the id from the URL, and the filter and constraints of a list. */
export type ScimmyHandlerResource = {
  id?: string;
  filter?: unknown;
  constraints?: Record<string, unknown>;
};

export type ScimmyHandlers = {
  ingress(kind: ScimResourceKind, resource: ScimmyHandlerResource, instance: unknown, ctx: unknown): Promise<unknown>;
  egress(kind: ScimResourceKind, resource: ScimmyHandlerResource, ctx: unknown): Promise<unknown>;
  degress(kind: ScimResourceKind, resource: ScimmyHandlerResource, ctx: unknown): Promise<void>;
};

/** The handlers a request brought in its ctx, if it belongs to another endpoint than the declaring one. */
export function delegatedHandlers(ctx: unknown): ScimmyHandlers | undefined {
  if (!ctx || typeof ctx !== "object") return undefined;
  const handlers = (ctx as { scimmyHandlers?: unknown }).scimmyHandlers;
  return handlers && typeof handlers === "object" ? (handlers as ScimmyHandlers) : undefined;
}
