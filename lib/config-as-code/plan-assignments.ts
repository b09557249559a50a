import type { Tx } from "../db/prisma";
import { isAppError } from "../errors";
import { resolveAppRole } from "../applications/resolve-app-role";
import type { ConfigurationDocument } from "./configuration-document-schema";
import type { ConfigurationChange } from "./diff-configuration";

export type AssignmentWrite =
  | { op: "add"; principalType: "User" | "Group"; principalId: string; name: string; appRole: string }
  | { op: "role"; assignmentId: string; principalType: "User" | "Group"; principalId: string; from: string; to: string }
  | { op: "remove"; assignmentId: string; principalType: "User" | "Group"; principalId: string; appRole: string };

const CHUNK = 500;

async function inChunks<T>(values: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await read(values.slice(i, i + CHUNK))));
  return out;
}

/**
 * The assignments a document asks for, resolved to directory objects (users by userPrincipalName, groups by
 * name), compared with the application's: what to add, re-role and remove. Problems (an unknown or deleted
 * user, a name several groups share, an app role the application lacks, a principal listed twice) go into
 * `problems` at their paths. Assignments of objects gone from the directory for good are left alone.
 */
export async function planAssignments(
  tx: Tx,
  opts: { applicationId: string; templateId: string; doc: ConfigurationDocument; problems: Record<string, string> },
): Promise<{ changes: ConfigurationChange[]; writes: AssignmentWrite[] }> {
  const { applicationId, templateId, doc, problems } = opts;
  const current = await tx.assignment.findMany({ where: { applicationId } });
  const currentByPrincipal = new Map(current.map((a) => [`${a.principalType}:${a.principalId}`, a]));
  const role = (path: string, value: string): string | null => {
    try {
      return resolveAppRole(templateId, value);
    } catch (e) {
      if (!isAppError(e)) throw e;
      problems[path] = e.message;
      return null;
    }
  };
  const desired: {
    key: string;
    path: string;
    principalType: "User" | "Group";
    id: string;
    name: string;
    appRole: string;
  }[] = [];

  const upns = doc.assignments.users.map((u) => u.userPrincipalName);
  const users = await inChunks(upns, (chunk) =>
    tx.directoryUser.findMany({
      where: { userPrincipalName: { in: chunk } },
      select: { id: true, userPrincipalName: true, deletedAt: true },
    }),
  );
  const userByUpn = new Map(users.map((u) => [u.userPrincipalName, u]));
  const seen = new Map<string, string>();
  doc.assignments.users.forEach((a, i) => {
    const path = `assignments.users[${i}]`;
    const user = userByUpn.get(a.userPrincipalName);
    const appRole = role(`${path}.appRole`, a.appRole);
    if (!user) return void (problems[`${path}.userPrincipalName`] = `No user ${a.userPrincipalName} in the directory.`);
    const key = `User:${user.id}`;
    if (seen.has(key)) return void (problems[path] = `${a.userPrincipalName} is already listed at ${seen.get(key)}.`);
    seen.set(key, path);
    if (user.deletedAt && !currentByPrincipal.has(key))
      problems[`${path}.userPrincipalName`] =
        `${a.userPrincipalName} is deleted in the directory. Restore the user first.`;
    if (appRole) desired.push({ key, path, principalType: "User", id: user.id, name: a.userPrincipalName, appRole });
  });

  const names = [...new Set(doc.assignments.groups.map((g) => g.displayName))];
  const groups = await inChunks(names, (chunk) =>
    tx.directoryGroup.findMany({
      where: { displayName: { in: chunk } },
      select: { id: true, displayName: true, deletedAt: true },
    }),
  );
  doc.assignments.groups.forEach((a, i) => {
    const path = `assignments.groups[${i}]`;
    const appRole = role(`${path}.appRole`, a.appRole);
    const named = groups.filter((g) => g.displayName === a.displayName);
    // The group already assigned wins; otherwise the name must pick exactly one group that is not deleted.
    const assigned = named.find((g) => currentByPrincipal.has(`Group:${g.id}`));
    const live = named.filter((g) => !g.deletedAt);
    const group = assigned ?? (live.length === 1 ? live[0] : undefined);
    if (!group) {
      problems[`${path}.displayName`] =
        live.length > 1
          ? `${live.length} groups are named ${JSON.stringify(a.displayName)}. Give them different names in the directory.`
          : named.length > 0
            ? `The group ${JSON.stringify(a.displayName)} is deleted in the directory. Restore it first.`
            : `No group named ${JSON.stringify(a.displayName)} in the directory.`;
      return;
    }
    const key = `Group:${group.id}`;
    if (seen.has(key)) return void (problems[path] = `${a.displayName} is already listed at ${seen.get(key)}.`);
    seen.set(key, path);
    if (appRole) desired.push({ key, path, principalType: "Group", id: group.id, name: a.displayName, appRole });
  });

  const changes: ConfigurationChange[] = [];
  const writes: AssignmentWrite[] = [];
  const kindOf = (t: "User" | "Group") => (t === "User" ? "user" : "group");
  for (const d of desired) {
    const existing = currentByPrincipal.get(d.key);
    if (!existing) {
      changes.push({
        section: "assignments",
        path: d.path,
        kind: "add",
        summary: `Assign ${kindOf(d.principalType)} ${d.name} as ${d.appRole}`,
      });
      writes.push({ op: "add", principalType: d.principalType, principalId: d.id, name: d.name, appRole: d.appRole });
    } else if (existing.appRole !== d.appRole) {
      changes.push({
        section: "assignments",
        path: d.path,
        kind: "change",
        summary: `${d.name}: app role ${existing.appRole} → ${d.appRole}`,
      });
      writes.push({
        op: "role",
        assignmentId: existing.id,
        principalType: d.principalType,
        principalId: d.id,
        from: existing.appRole,
        to: d.appRole,
      });
    }
  }
  const wanted = new Set(desired.map((d) => d.key));
  const leaving = current.filter((a) => !wanted.has(`${a.principalType}:${a.principalId}`));
  const leavingIds = (t: string) => leaving.filter((a) => a.principalType === t).map((a) => a.principalId);
  const leavingUsers = await inChunks(leavingIds("User"), (chunk) =>
    tx.directoryUser.findMany({ where: { id: { in: chunk } }, select: { id: true, userPrincipalName: true } }),
  );
  const leavingGroups = await inChunks(leavingIds("Group"), (chunk) =>
    tx.directoryGroup.findMany({ where: { id: { in: chunk } }, select: { id: true, displayName: true } }),
  );
  const leavingName = new Map([
    ...leavingUsers.map((u) => [`User:${u.id}`, u.userPrincipalName] as const),
    ...leavingGroups.map((g) => [`Group:${g.id}`, g.displayName] as const),
  ]);
  for (const a of leaving) {
    const type = a.principalType === "Group" ? "Group" : "User";
    const name = leavingName.get(`${type}:${a.principalId}`);
    if (name === undefined) continue;
    changes.push({
      section: "assignments",
      path: `assignments.${type === "User" ? "users" : "groups"}`,
      kind: "remove",
      summary: `Remove the assignment of ${kindOf(type)} ${name} (${a.appRole})`,
    });
    writes.push({
      op: "remove",
      assignmentId: a.id,
      principalType: type,
      principalId: a.principalId,
      appRole: a.appRole,
    });
  }
  return { changes, writes };
}
