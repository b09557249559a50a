import type { DirectoryGroup, DirectoryUser } from "@prisma/client";
import type { ImportRowError } from "./import-types";

type Plan = { row: number; targetId: string; isNew: boolean; attrs: Record<string, unknown>; members?: string[] };

/** What the check reads, inside the import's transaction (apply-directory-import.ts). */
export type SourceOwnedReads = {
  users(ids: string[]): Promise<DirectoryUser[]>;
  members(groupIds: string[]): Promise<Map<string, Set<string>>>;
  sourceNames(ids: string[]): Promise<Map<string, string>>;
};

const differs = (attrs: Record<string, unknown>, current: Record<string, unknown>) =>
  Object.entries(attrs).some(([k, v]) => v !== undefined && v !== current[k]);

/**
 * Rows of an import that would change an object a source owns. Such objects are read-only in Provisio: a
 * file may list them unchanged (an export read back in), but not change them. Existing users are read 256
 * at a time, so memory stays bounded for large files.
 */
export async function findSourceOwnedImportRows(
  read: SourceOwnedReads,
  plans: { users: Plan[]; groups: Plan[] },
  groups: Map<string, DirectoryGroup>,
): Promise<ImportRowError[]> {
  const hits: { row: number; name: string; sourceId: string }[] = [];
  const existingUsers = plans.users.filter((p) => !p.isNew);
  for (let i = 0; i < existingUsers.length; i += 256) {
    const slice = existingUsers.slice(i, i + 256);
    const byId = new Map((await read.users(slice.map((p) => p.targetId))).map((u) => [u.id, u]));
    for (const plan of slice) {
      const user = byId.get(plan.targetId);
      if (user?.sourceId && differs(plan.attrs, user as unknown as Record<string, unknown>))
        hits.push({ row: plan.row, name: user.displayName, sourceId: user.sourceId });
    }
  }
  const ownedGroups = plans.groups.filter((p) => !p.isNew && groups.get(p.targetId)?.sourceId);
  const members = await read.members(ownedGroups.filter((p) => p.members).map((p) => p.targetId));
  for (const plan of ownedGroups) {
    const group = groups.get(plan.targetId)!;
    let changed = differs(plan.attrs, group as unknown as Record<string, unknown>);
    if (!changed && plan.members) {
      const before = members.get(group.id) ?? new Set<string>();
      changed = before.size !== new Set(plan.members).size || plan.members.some((id) => !before.has(id));
    }
    if (changed) hits.push({ row: plan.row, name: group.displayName, sourceId: group.sourceId! });
  }
  if (hits.length === 0) return [];
  const sources = await read.sourceNames([...new Set(hits.map((h) => h.sourceId))]);
  return hits.map((h) => ({
    row: h.row,
    field: "id",
    message: `${h.name} comes from the source ${sources.get(h.sourceId) ?? "another source"} and is read-only in Provisio; change it there.`,
  }));
}
