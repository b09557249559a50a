import SCIMMY from "scimmy";
import { matchFilter, prepareFilter } from "../../sandbox/case-insensitive-filter";
import type { ScimmyHandlerResource, ScimmyHandlers, ScimResourceKind } from "../../scim-server/scimmy-handlers";
import { pushedGroupMembers } from "./pushed-group-members";
import {
  findPushedResources,
  getPushedResource,
  pagePushedResources,
  scanPushedResources,
  type PushedResource,
} from "./pushed-resources";
import { removePushedObject } from "./remove-pushed-object";
import { isScimPushContext, type ScimPushContext } from "./scim-push-context";
import { writePushedGroup } from "./write-pushed-group";
import { writePushedUser } from "./write-pushed-user";

/**
 * scimmy's ingress, egress and degress for a SCIM push source: scimmy parses, validates and applies PATCH;
 * these read and write the source's objects in the directory. For SCIM push, a directory object's id is the
 * anchor the IdP was given (the `id` of its SCIM resource), which keeps the lookups one indexed read.
 */

/** Resources a filter without an indexed `eq` may read; beyond it the filter is refused as too costly. */
const MAX_FILTER_SCAN = 50_000;
export const DEFAULT_COUNT = 100;
export const MAX_RESULTS = 1000;

const scimError = (status: number, scimType: string | null, detail: string) =>
  new SCIMMY.Types.Error(status, scimType as string, detail);

function endpoint(kind: ScimResourceKind) {
  return kind === "User" ? "Users" : "Groups";
}

function definitionOf(kind: ScimResourceKind) {
  return kind === "User" ? SCIMMY.Schemas.User.definition : SCIMMY.Schemas.Group.definition;
}

function contextOf(ctx: unknown): ScimPushContext {
  if (!isScimPushContext(ctx)) throw scimError(500, null, "SCIM push context missing");
  return ctx;
}

async function present(kind: ScimResourceKind, stored: PushedResource, ctx: ScimPushContext) {
  const out: PushedResource = {
    ...stored,
    meta: { ...(stored.meta as object), resourceType: kind, location: `${ctx.baseUrl}/${endpoint(kind)}/${stored.id}` },
  };
  if (kind === "Group") {
    if (ctx.omitMembers) delete out.members;
    else
      out.members = (await pushedGroupMembers(stored.id)).map((m) => ({
        ...m,
        type: "User",
        $ref: `${ctx.baseUrl}/Users/${m.value}`,
      }));
  }
  return out;
}

/** scimmy turns other errors into "404 not found"; a failure here must stay a 500 and reach the log. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof SCIMMY.Types.Error) throw e;
    console.error("SCIM push endpoint: unexpected error:", e instanceof Error ? e.message : e);
    throw scimError(500, null, "Provisio failed to process the request; nothing was changed");
  }
}

async function list(kind: ScimResourceKind, resource: ScimmyHandlerResource, ctx: ScimPushContext) {
  const { startIndex, count } = ctx.paging ?? { startIndex: 1, count: DEFAULT_COUNT };
  let total: number;
  let page: PushedResource[];
  if (!resource.filter) {
    const result = await pagePushedResources(ctx.source.id, kind, startIndex - 1, count);
    total = result.total;
    page = result.items;
  } else {
    const definition = definitionOf(kind);
    let prepared;
    try {
      prepared = prepareFilter(definition, resource.filter as InstanceType<typeof SCIMMY.Types.Filter>);
    } catch (e) {
      throw scimError(400, "invalidFilter", `Invalid filter: ${e instanceof Error ? e.message : String(e)}`);
    }
    let matched: PushedResource[] = [];
    if (prepared.hint) {
      const candidates = await findPushedResources(ctx.source.id, kind, prepared.hint.attribute, prepared.hint.value);
      matched = matchFilter(definition, prepared, candidates) as PushedResource[];
    } else {
      let scanned = 0;
      for await (const batch of scanPushedResources(ctx.source.id, kind)) {
        scanned += batch.length;
        if (scanned > MAX_FILTER_SCAN) {
          throw scimError(
            400,
            "tooMany",
            `This filter would read more than ${MAX_FILTER_SCAN} resources; filter on userName, externalId, id or displayName with eq`,
          );
        }
        matched.push(...(matchFilter(definition, prepared, batch) as PushedResource[]));
      }
    }
    total = matched.length;
    page = matched.slice(startIndex - 1, startIndex - 1 + count);
  }
  // We page ourselves; scimmy's ListResponse must not slice again.
  resource.constraints = { startIndex: 1, count: page.length, totalResults: total };
  return Promise.all(page.map((r) => present(kind, r, ctx)));
}

export const scimPushHandlers: ScimmyHandlers = {
  ingress: (kind, resource, instance, rawCtx) =>
    guard(async () => {
      const ctx = contextOf(rawCtx);
      const plain = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
      const stored =
        kind === "User"
          ? await writePushedUser(ctx, resource.id, plain)
          : await writePushedGroup(ctx, resource.id, plain);
      return present(kind, stored, { ...ctx, omitMembers: false });
    }),
  egress: (kind, resource, rawCtx) =>
    guard(async () => {
      const ctx = contextOf(rawCtx);
      if (!resource.id) return list(kind, resource, ctx);
      const stored = await getPushedResource(ctx.source.id, kind, resource.id);
      if (!stored) throw scimError(404, null, `${kind} ${resource.id} not found`);
      return present(kind, stored, ctx);
    }),
  degress: (kind, resource, rawCtx) =>
    guard(async () => {
      const ctx = contextOf(rawCtx);
      if (!resource.id) throw scimError(404, null, `${kind} not found`);
      await removePushedObject(ctx, kind, resource.id);
    }),
};
