import {
  SandboxConflictError,
  SandboxNotFoundError,
  displayNameKey,
  externalIdOf,
  userNameKey,
  type IndexedAttribute,
  type MemberInfo,
  type ResourceKind,
  type SandboxStore,
  type ScimObject,
} from "./sandbox-store";

type Index = Map<string, Set<string>>;

function addToIndex(index: Index, key: string | null, id: string): void {
  if (key === null) return;
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}

function removeFromIndex(index: Index, key: string | null, id: string): void {
  if (key === null) return;
  const ids = index.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(key);
}

/** One kind's resources in insertion order, with the indexes `eq` filters use. */
class Collection {
  readonly items = new Map<string, ScimObject>();
  readonly byExternalId: Index = new Map();
  readonly byDisplayName: Index = new Map();

  index(resource: ScimObject): void {
    addToIndex(this.byExternalId, externalIdOf(resource), resource.id);
    addToIndex(this.byDisplayName, displayNameKey(resource.displayName), resource.id);
  }

  unindex(resource: ScimObject): void {
    removeFromIndex(this.byExternalId, externalIdOf(resource), resource.id);
    removeFromIndex(this.byDisplayName, displayNameKey(resource.displayName), resource.id);
  }

  pick(ids: Set<string> | undefined): ScimObject[] {
    if (!ids) return [];
    const out: ScimObject[] = [];
    for (const id of ids) {
      const r = this.items.get(id);
      if (r) out.push(r);
    }
    return out;
  }
}

/**
 * The standalone server's store: Maps with an index on the lower-cased userName (unique), externalId and
 * displayName, and a reverse membership index so deleting a user drops it from its groups without a scan.
 * Fast enough for 100,000 users. Resources are stored as given and never mutated in place.
 */
export class MemorySandboxStore implements SandboxStore {
  private readonly users = new Collection();
  private readonly groups = new Collection();
  private readonly userNames = new Map<string, string>(); // userNameKey -> id
  private readonly memberOf = new Map<string, Set<string>>(); // member id -> group ids
  // Group members live here, not in the stored group object, so membership changes cost O(changed members).
  private readonly groupMembers = new Map<string, Map<string, ResourceKind>>(); // group id -> member id -> type

  private col(kind: ResourceKind): Collection {
    return kind === "User" ? this.users : this.groups;
  }

  /** A group with its members array, as stored objects never carry one. */
  private withMembers(kind: ResourceKind, resource: ScimObject | undefined): ScimObject | undefined {
    if (!resource || kind !== "Group") return resource;
    const members = this.groupMembers.get(resource.id);
    if (!members || members.size === 0) return resource;
    return { ...resource, members: [...members].map(([value, type]) => ({ value, type })) };
  }

  private withMembersAll(kind: ResourceKind, resources: ScimObject[]): ScimObject[] {
    return kind === "Group" ? resources.map((r) => this.withMembers(kind, r)!) : resources;
  }

  async get(kind: ResourceKind, id: string): Promise<ScimObject | undefined> {
    return this.withMembers(kind, this.col(kind).items.get(id));
  }

  async page(kind: ResourceKind, offset: number, limit: number): Promise<{ total: number; items: ScimObject[] }> {
    const items = this.col(kind).items;
    const out: ScimObject[] = [];
    if (limit > 0 && offset < items.size) {
      let i = 0;
      for (const r of items.values()) {
        if (i++ < offset) continue;
        out.push(r);
        if (out.length >= limit) break;
      }
    }
    return { total: items.size, items: this.withMembersAll(kind, out) };
  }

  async findBy(kind: ResourceKind, attribute: IndexedAttribute, value: string): Promise<ScimObject[]> {
    return this.withMembersAll(kind, this.findStored(kind, attribute, value));
  }

  private findStored(kind: ResourceKind, attribute: IndexedAttribute, value: string): ScimObject[] {
    const col = this.col(kind);
    switch (attribute) {
      case "id": {
        const r = col.items.get(value);
        return r ? [r] : [];
      }
      case "userName": {
        if (kind !== "User") return [];
        const id = this.userNames.get(userNameKey(value));
        const r = id ? col.items.get(id) : undefined;
        return r ? [r] : [];
      }
      case "externalId":
        return col.pick(col.byExternalId.get(value));
      case "displayName":
        return col.pick(col.byDisplayName.get(value.toLowerCase()));
    }
  }

  async all(kind: ResourceKind): Promise<ScimObject[]> {
    return this.withMembersAll(kind, [...this.col(kind).items.values()]);
  }

  /** Splits a group into the stored object (no members) and its member map. */
  private splitMembers(kind: ResourceKind, resource: ScimObject): ScimObject {
    if (kind !== "Group") return resource;
    const members = new Map<string, ResourceKind>();
    if (Array.isArray(resource.members)) {
      for (const m of resource.members as Array<{ value: string; type?: ResourceKind }>)
        members.set(m.value, m.type ?? "User");
    }
    this.setMembers(resource.id, members);
    const { members: _omit, ...rest } = resource;
    void _omit;
    return rest as ScimObject;
  }

  async insert(kind: ResourceKind, resource: ScimObject): Promise<void> {
    this.insertSync(kind, resource);
  }

  /** Synchronous, so a uniqueness check and the insert cannot interleave with another request. */
  insertSync(kind: ResourceKind, resource: ScimObject): void {
    const col = this.col(kind);
    if (col.items.has(resource.id)) throw new SandboxConflictError(`A ${kind} with id ${resource.id} already exists`);
    if (kind === "User") {
      const key = userNameKey(resource.userName);
      if (this.userNames.has(key))
        throw new SandboxConflictError(`userName ${String(resource.userName)} is already taken`);
      this.userNames.set(key, resource.id);
    }
    const stored = this.splitMembers(kind, resource);
    col.items.set(resource.id, stored);
    col.index(stored);
  }

  async replace(kind: ResourceKind, resource: ScimObject): Promise<void> {
    const col = this.col(kind);
    const before = col.items.get(resource.id);
    if (!before) throw new SandboxNotFoundError(`${kind} ${resource.id} not found`);
    if (kind === "User") {
      const oldKey = userNameKey(before.userName);
      const newKey = userNameKey(resource.userName);
      if (newKey !== oldKey) {
        const holder = this.userNames.get(newKey);
        if (holder && holder !== resource.id)
          throw new SandboxConflictError(`userName ${String(resource.userName)} is already taken`);
        this.userNames.delete(oldKey);
        this.userNames.set(newKey, resource.id);
      }
    }
    col.unindex(before);
    const stored = this.splitMembers(kind, resource);
    col.items.set(resource.id, stored); // Map.set on an existing key keeps its position
    col.index(stored);
  }

  async patchMembers(
    groupId: string,
    op: "add" | "remove",
    members: Array<{ value: string; type: ResourceKind }>,
  ): Promise<void> {
    const group = this.groups.items.get(groupId);
    if (!group) throw new SandboxNotFoundError(`Group ${groupId} not found`);
    let current = this.groupMembers.get(groupId);
    if (!current) this.groupMembers.set(groupId, (current = new Map()));
    for (const m of members) {
      if (op === "add") {
        current.set(m.value, m.type);
        let groups = this.memberOf.get(m.value);
        if (!groups) this.memberOf.set(m.value, (groups = new Set()));
        groups.add(groupId);
      } else if (current.delete(m.value)) {
        const groups = this.memberOf.get(m.value);
        groups?.delete(groupId);
        if (groups && groups.size === 0) this.memberOf.delete(m.value);
      }
    }
    if (current.size === 0) this.groupMembers.delete(groupId);
    this.touch(groupId);
  }

  private touch(groupId: string): void {
    const group = this.groups.items.get(groupId);
    if (group)
      this.groups.items.set(groupId, {
        ...group,
        meta: { ...(group.meta as object), lastModified: new Date().toISOString() },
      });
  }

  async remove(kind: ResourceKind, id: string): Promise<boolean> {
    const col = this.col(kind);
    const before = col.items.get(id);
    if (!before) return false;
    col.items.delete(id);
    col.unindex(before);
    if (kind === "User") this.userNames.delete(userNameKey(before.userName));
    if (kind === "Group") this.setMembers(id, new Map());
    // Drop the deleted object from every group that listed it.
    const groupIds = this.memberOf.get(id);
    if (groupIds) {
      for (const groupId of groupIds) {
        const members = this.groupMembers.get(groupId);
        members?.delete(id);
        if (members && members.size === 0) this.groupMembers.delete(groupId);
        this.touch(groupId);
      }
      this.memberOf.delete(id);
    }
    return true;
  }

  async describeMembers(ids: string[]): Promise<Map<string, MemberInfo>> {
    const out = new Map<string, MemberInfo>();
    for (const id of ids) {
      const user = this.users.items.get(id);
      if (user) {
        out.set(id, {
          type: "User",
          display: (user.displayName as string | undefined) ?? (user.userName as string | undefined),
        });
        continue;
      }
      const group = this.groups.items.get(id);
      if (group) out.set(id, { type: "Group", display: group.displayName as string | undefined });
    }
    return out;
  }

  async count(kind: ResourceKind): Promise<number> {
    return this.col(kind).items.size;
  }

  async reset(): Promise<void> {
    this.clear();
  }

  /** Replaces a group's members, keeping the reverse index in step. */
  private setMembers(groupId: string, next: Map<string, ResourceKind>): void {
    const before = this.groupMembers.get(groupId);
    if (before) {
      for (const id of before.keys()) {
        if (next.has(id)) continue;
        const groups = this.memberOf.get(id);
        groups?.delete(groupId);
        if (groups && groups.size === 0) this.memberOf.delete(id);
      }
    }
    for (const id of next.keys()) {
      if (before?.has(id)) continue;
      let groups = this.memberOf.get(id);
      if (!groups) this.memberOf.set(id, (groups = new Set()));
      groups.add(groupId);
    }
    if (next.size) this.groupMembers.set(groupId, next);
    else this.groupMembers.delete(groupId);
  }

  // ---- Helpers for tests and benchmarks -------------------------------------------------------------------

  /** Every user, in creation order. */
  listUsers(): ScimObject[] {
    return [...this.users.items.values()];
  }

  /** Every group with its members ({ value, type }), in creation order. */
  listGroups(): ScimObject[] {
    return this.withMembersAll("Group", [...this.groups.items.values()]);
  }

  /** The member ids of a group, in the order they were added. */
  groupMemberIds(groupId: string): string[] {
    return [...(this.groupMembers.get(groupId)?.keys() ?? [])];
  }

  getUser(id: string): ScimObject | undefined {
    return this.users.items.get(id);
  }

  getGroup(id: string): ScimObject | undefined {
    return this.withMembers("Group", this.groups.items.get(id));
  }

  findUserByUserName(userName: string): ScimObject | undefined {
    const id = this.userNames.get(userNameKey(userName));
    return id ? this.users.items.get(id) : undefined;
  }

  findGroupsByDisplayName(displayName: string): ScimObject[] {
    return this.withMembersAll("Group", this.groups.pick(this.groups.byDisplayName.get(displayName.toLowerCase())));
  }

  get userCount(): number {
    return this.users.items.size;
  }

  get groupCount(): number {
    return this.groups.items.size;
  }

  clear(): void {
    this.users.items.clear();
    this.users.byDisplayName.clear();
    this.users.byExternalId.clear();
    this.groups.items.clear();
    this.groups.byDisplayName.clear();
    this.groups.byExternalId.clear();
    this.userNames.clear();
    this.memberOf.clear();
    this.groupMembers.clear();
  }
}
