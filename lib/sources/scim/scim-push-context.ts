import type { Source } from "@prisma/client";
import type { ScimmyHandlers } from "../../scim-server/scimmy-handlers";
import type { ScimPushAttributeMap } from "../source-schemas";

/** What a SCIM push request hands scimmy as `ctx`; the handlers in it serve the source's objects. */
export type ScimPushContext = {
  scimmyHandlers: ScimmyHandlers;
  source: Source;
  attributeMap: ScimPushAttributeMap;
  /** This source's SCIM base URL (its Tenant URL), for meta.location and $ref. */
  baseUrl: string;
  /** The request, for the source's activity. */
  request: { method: string; path: string };
  /** Paging for list reads (1-based startIndex). */
  paging?: { startIndex: number; count: number };
  /** GET with excludedAttributes=members: skip reading members. */
  omitMembers?: boolean;
};

export function isScimPushContext(ctx: unknown): ctx is ScimPushContext {
  return !!ctx && typeof ctx === "object" && "source" in ctx && "attributeMap" in ctx;
}
