import crypto from "node:crypto";
import SCIMMY from "scimmy";
import { delegatedHandlers } from "../scim-server/scimmy-handlers";
import { matchFilter, prepareFilter } from "./case-insensitive-filter";
import {
  SandboxConflictError,
  SandboxNotFoundError,
  memberIdsOf,
  type ResourceKind,
  type SandboxStore,
  type ScimObject,
} from "./sandbox-store";

/** The most resources one list response carries (ServiceProviderConfig filter.maxResults). */
export const MAX_RESULTS = 1000;
/** Page size when a client sends no `count`. Smaller than MAX_RESULTS so clients that do not page get caught. */
export const DEFAULT_COUNT = 100;

/**
 * What every scimmy call receives as `ctx`: the store to use and the base URL for `meta.location` and `$ref`.
 * scimmy's resource declarations are global to the process, so the store is chosen per request from here.
 */
export type SandboxContext = {
  store: SandboxStore;
  baseUrl: string;
  /** Paging for list reads (1-based startIndex). */
  paging?: { startIndex: number; count: number };
  /**
   * GET with `excludedAttributes=members` (how Entra matches groups): skip building the member list, which for
   * a large group is most of the cost. Never set for PUT/PATCH, whose read must see the members it writes back.
   */
  omitMembers?: boolean;
};

type ScimmyResource = InstanceType<typeof SCIMMY.Types.Resource> & {
  id?: string;
  filter?: InstanceType<typeof SCIMMY.Types.Filter>;
  constraints?: Record<string, unknown>;
};

const SCIM_ERROR = (status: number, scimType: string | null, detail: string) =>
  new SCIMMY.Types.Error(status, scimType as string, detail);

function endpoint(kind: ResourceKind): string {
  return kind === "User" ? "Users" : "Groups";
}

function definitionOf(kind: ResourceKind) {
  return kind === "User" ? SCIMMY.Schemas.User.definition : SCIMMY.Schemas.Group.definition;
}

function asContext(ctx: unknown): SandboxContext {
  const c = ctx as SandboxContext | undefined;
  if (!c || typeof c !== "object" || !c.store)
    throw SCIM_ERROR(500, null, "Sandbox store missing from the request context");
  return c;
}

/** The stored resource as the client sees it: meta.location, and members with display, type and $ref. */
async function presentResource(kind: ResourceKind, stored: ScimObject, ctx: SandboxContext): Promise<ScimObject> {
  const out: ScimObject = {
    ...stored,
    meta: { ...(stored.meta as object), resourceType: kind, location: `${ctx.baseUrl}/${endpoint(kind)}/${stored.id}` },
  };
  if (kind === "Group" && ctx.omitMembers) delete out.members;
  else if (kind === "Group" && Array.isArray(stored.members)) {
    const ids = memberIdsOf(stored);
    const info = await ctx.store.describeMembers(ids);
    out.members = ids.map((value) => {
      const member = info.get(value);
      const type = member?.type ?? "User";
      return {
        value,
        type,
        ...(member?.display ? { display: member.display } : {}),
        $ref: `${ctx.baseUrl}/${endpoint(type)}/${value}`,
      };
    });
  }
  return out;
}

/** Members as stored: unique values that name an existing user or group here (a faithful target refuses others). */
async function normaliseMembers(
  members: unknown,
  ctx: SandboxContext,
  selfId: string | undefined,
): Promise<Array<{ value: string; type: ResourceKind }> | undefined> {
  if (!Array.isArray(members) || members.length === 0) return undefined;
  const ids = [...new Set(members.map((m) => String((m as { value?: unknown })?.value ?? "")))];
  if (ids.some((id) => !id))
    throw SCIM_ERROR(400, "invalidValue", "Every group member needs a value (the member's id)");
  if (selfId && ids.includes(selfId)) throw SCIM_ERROR(400, "invalidValue", "A group cannot be a member of itself");
  const info = await ctx.store.describeMembers(ids);
  const unknown = ids.filter((id) => !info.has(id));
  if (unknown.length) {
    const shown = unknown
      .slice(0, 5)
      .map((id) => `"${id}"`)
      .join(", ");
    throw SCIM_ERROR(
      400,
      "invalidValue",
      `No user or group with id ${shown}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ""} exists in this target`,
    );
  }
  return ids.map((value) => ({ value, type: info.get(value)!.type }));
}

function storeError(e: unknown, kind: ResourceKind, id?: string): never {
  if (e instanceof SandboxConflictError) throw SCIM_ERROR(409, "uniqueness", e.message);
  if (e instanceof SandboxNotFoundError)
    throw SCIM_ERROR(404, null, `${kind} ${id ?? ""} not found`.replace("  ", " "));
  throw e;
}

/**
 * scimmy turns any non-SCIM error from a handler into "404 Resource not found" (and a TypeError into 400),
 * which would hide a store failure. Unexpected errors become a 500 SCIM error instead.
 */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof SCIMMY.Types.Error) throw e;
    console.error("Sandbox SCIM target: unexpected error:", e instanceof Error ? e.message : e);
    throw SCIM_ERROR(500, null, "The sandbox target failed to process the request");
  }
}

async function ingress(
  kind: ResourceKind,
  resource: ScimmyResource,
  instance: unknown,
  rawCtx: unknown,
): Promise<ScimObject> {
  const ctx = asContext(rawCtx);
  const data = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
  delete data.meta;
  delete data.id;
  const now = new Date().toISOString();
  if (kind === "User" && (typeof data.userName !== "string" || !data.userName.trim())) {
    throw SCIM_ERROR(400, "invalidValue", "userName is required and cannot be empty");
  }
  if (kind === "Group" && (typeof data.displayName !== "string" || !data.displayName.trim())) {
    throw SCIM_ERROR(400, "invalidValue", "displayName is required and cannot be empty");
  }
  if (resource.id) {
    const before = await ctx.store.get(kind, resource.id);
    if (!before) throw SCIM_ERROR(404, null, `${kind} ${resource.id} not found`);
    const next: ScimObject = {
      ...data,
      id: resource.id,
      meta: { resourceType: kind, created: (before.meta as { created?: string })?.created ?? now, lastModified: now },
    };
    if (kind === "Group") {
      const members = await normaliseMembers(data.members, ctx, resource.id);
      if (members) next.members = members;
      else delete next.members;
    }
    try {
      await ctx.store.replace(kind, next);
    } catch (e) {
      storeError(e, kind, resource.id);
    }
    return presentResource(kind, next, ctx);
  }
  const id = crypto.randomUUID();
  const created: ScimObject = { ...data, id, meta: { resourceType: kind, created: now, lastModified: now } };
  if (kind === "Group") {
    const members = await normaliseMembers(data.members, ctx, undefined);
    if (members) created.members = members;
    else delete created.members;
  }
  try {
    await ctx.store.insert(kind, created);
  } catch (e) {
    storeError(e, kind);
  }
  return presentResource(kind, created, ctx);
}

async function egress(
  kind: ResourceKind,
  resource: ScimmyResource,
  rawCtx: unknown,
): Promise<ScimObject | ScimObject[]> {
  const ctx = asContext(rawCtx);
  if (resource.id) {
    const found = await ctx.store.get(kind, resource.id);
    if (!found) throw SCIM_ERROR(404, null, `${kind} ${resource.id} not found`);
    return presentResource(kind, found, ctx);
  }
  const { startIndex, count } = ctx.paging ?? { startIndex: 1, count: DEFAULT_COUNT };
  let total: number;
  let page: ScimObject[];
  if (!resource.filter) {
    const result = await ctx.store.page(kind, startIndex - 1, count);
    total = result.total;
    page = result.items;
  } else {
    const definition = definitionOf(kind);
    let prepared;
    try {
      prepared = prepareFilter(definition, resource.filter);
    } catch (e) {
      throw SCIM_ERROR(400, "invalidFilter", `Invalid filter: ${e instanceof Error ? e.message : String(e)}`);
    }
    const candidates = prepared.hint
      ? await ctx.store.findBy(kind, prepared.hint.attribute, prepared.hint.value)
      : await ctx.store.all(kind);
    const matched = matchFilter(definition, prepared, candidates);
    total = matched.length;
    page = matched.slice(startIndex - 1, startIndex - 1 + count);
  }
  // We page ourselves; tell scimmy's ListResponse the page is the whole window so it does not slice again.
  resource.constraints = { startIndex: 1, count: page.length, totalResults: total };
  return Promise.all(page.map((r) => presentResource(kind, r, ctx)));
}

async function degress(kind: ResourceKind, resource: ScimmyResource, rawCtx: unknown): Promise<void> {
  const ctx = asContext(rawCtx);
  const removed = await ctx.store.remove(kind, resource.id!);
  if (!removed) throw SCIM_ERROR(404, null, `${kind} ${resource.id} not found`);
}

let declaredHere = false;

/**
 * Declares User (with the EnterpriseUser extension) and Group once per process, and sets the service provider
 * configuration. Idempotent: safe to call on every request, and after a dev-mode module reload.
 */
export function ensureScimmyDeclared(): void {
  if (declaredHere) return;
  const { Resources, Schemas, Config } = SCIMMY;
  if (!Resources.declared("User")) {
    Resources.declare(Resources.User, { extensions: [{ schema: Schemas.EnterpriseUser, required: false }] });
  }
  if (!Resources.declared("Group")) Resources.declare(Resources.Group);
  // Handlers are (re)attached from this module instance; they pick the store from ctx.
  for (const [kind, R] of [
    ["User", Resources.User],
    ["Group", Resources.Group],
  ] as const) {
    // A request of another SCIM endpoint in this process (sources' SCIM push) brings its own handlers in ctx.
    (R as typeof Resources.User)
      .ingress(
        (r, i, c) =>
          (delegatedHandlers(c)?.ingress(kind, r, i, c) ??
            guard(() => ingress(kind, r as ScimmyResource, i, c))) as never,
      )
      .egress(
        (r, c) =>
          (delegatedHandlers(c)?.egress(kind, r, c) ?? guard(() => egress(kind, r as ScimmyResource, c))) as never,
      )
      .degress(
        (r, c) => delegatedHandlers(c)?.degress(kind, r, c) ?? guard(() => degress(kind, r as ScimmyResource, c)),
      );
  }
  const config = Config.get() as unknown as { authenticationSchemes: unknown[] };
  Config.set({
    documentationUri: "https://datatracker.ietf.org/doc/html/rfc7644",
    patch: true,
    filter: { supported: true, maxResults: MAX_RESULTS },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    sort: false,
    etag: false,
    changePassword: false,
    ...(config.authenticationSchemes.length === 0
      ? {
          authenticationSchemes: [
            {
              type: "oauthbearertoken",
              name: "OAuth Bearer Token",
              description: "Send the sandbox's Secret Token as `Authorization: Bearer <token>`.",
              primary: true,
            },
          ],
        }
      : {}),
  } as never);
  declaredHere = true;
}
