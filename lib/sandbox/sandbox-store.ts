/**
 * The storage behind the sandbox SCIM target. Two implementations: Prisma (the app's built-in sandbox) and
 * in-memory (the standalone server used by tests and benchmarks). Both hold SCIM JSON as scimmy produced it;
 * the protocol work (filters, PATCH, schemas) stays in scimmy and handle-scim-request.ts.
 */

export type ResourceKind = "User" | "Group";

/** A stored SCIM resource: plain JSON with `id` and `meta.created`/`meta.lastModified` (no `meta.location`). */
export type ScimObject = Record<string, unknown> & { id: string };

/** Attributes the stores index for `eq` filters (userName and displayName case-insensitively). */
export type IndexedAttribute = "id" | "userName" | "externalId" | "displayName";

export type MemberInfo = { type: ResourceKind; display?: string };

export interface SandboxStore {
  get(kind: ResourceKind, id: string): Promise<ScimObject | undefined>;
  /** One page in a stable order (creation order). `offset` is zero-based. */
  page(kind: ResourceKind, offset: number, limit: number): Promise<{ total: number; items: ScimObject[] }>;
  /** Candidates whose attribute equals `value` (case-insensitively for userName and displayName). A superset is fine. */
  findBy(kind: ResourceKind, attribute: IndexedAttribute, value: string): Promise<ScimObject[]>;
  /** Every resource of a kind, for filters no index can answer. */
  all(kind: ResourceKind): Promise<ScimObject[]>;
  /** Throws a SandboxConflictError when a user's userName is taken (case-insensitively). */
  insert(kind: ResourceKind, resource: ScimObject): Promise<void>;
  /** Throws SandboxNotFoundError when the id is unknown, SandboxConflictError on a taken userName. */
  replace(kind: ResourceKind, resource: ScimObject): Promise<void>;
  /**
   * Adds (or, with op "remove", removes) members of a group in place, without rewriting the whole member list:
   * the fast path for Entra-style membership PATCHes on large groups. Ids are validated by the caller.
   * Throws SandboxNotFoundError when the group is unknown.
   */
  patchMembers(
    groupId: string,
    op: "add" | "remove",
    members: Array<{ value: string; type: ResourceKind }>,
  ): Promise<void>;
  /** Removes the resource and its memberships in groups. Returns false when it did not exist. */
  remove(kind: ResourceKind, id: string): Promise<boolean>;
  /** Which of these ids are users or groups here, with the display name a group member shows. */
  describeMembers(ids: string[]): Promise<Map<string, MemberInfo>>;
  count(kind: ResourceKind): Promise<number>;
  reset(): Promise<void>;
}

export class SandboxConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxConflictError";
  }
}

export class SandboxNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxNotFoundError";
  }
}

export function userNameKey(userName: unknown): string {
  return String(userName ?? "").toLowerCase();
}

export function displayNameKey(displayName: unknown): string | null {
  return typeof displayName === "string" ? displayName.toLowerCase() : null;
}

export function externalIdOf(resource: Record<string, unknown>): string | null {
  return typeof resource.externalId === "string" ? resource.externalId : null;
}

/** Stored members are `{ value, type }`; display and $ref are added when read. */
export function memberIdsOf(resource: Record<string, unknown>): string[] {
  const members = resource.members;
  if (!Array.isArray(members)) return [];
  return members
    .map((m) => (m && typeof m === "object" ? String((m as { value?: unknown }).value ?? "") : ""))
    .filter(Boolean);
}
