import { prisma } from "../db/prisma";

export type AuditDetail = { key: string; value: string };

export type AuditEventView = {
  id: number;
  at: string;
  actor: string;
  action: string;
  /** The action in words, e.g. "Admin credentials updated". */
  label: string;
  details: AuditDetail[];
};

const LABELS: Record<string, string> = {
  "application.created": "Application created",
  "application.renamed": "Application renamed",
  "application.deleted": "Application deleted",
  "assignment.added": "User or group assigned",
  "assignment.removed": "Assignment removed",
  "assignment.roleChanged": "Assignment role changed",
  "credentials.updated": "Admin credentials updated",
  "provisioning.credentials.tested": "Connection tested",
  "provisioning.restarted": "Provisioning restarted",
  "provisioning.deletes_allowed_once": "Deletions allowed once",
  "provisioning.on_demand": "Provisioned on demand",
  "mappings.updated": "Attribute mappings updated",
  "mappings.restored": "Default attribute mappings restored",
  "scopingFilters.updated": "Scoping filters updated",
  "targetAttributes.updated": "Target attribute list updated",
  "targetAttributes.discovered": "Target attributes discovered",
  "configuration.applied": "Configuration document applied",
  "directory.user.created": "Directory user created",
  "directory.user.updated": "Directory user updated",
  "directory.user.disabled": "Directory user disabled (sign-in blocked)",
  "directory.user.enabled": "Directory user enabled",
  "directory.user.deleted": "Directory user deleted",
  "directory.user.restored": "Directory user restored",
  "directory.user.permanentlyDeleted": "Directory user permanently deleted",
  "directory.group.created": "Directory group created",
  "directory.group.updated": "Directory group updated",
  "directory.group.deleted": "Directory group deleted",
  "directory.group.restored": "Directory group restored",
  "directory.group.permanentlyDeleted": "Directory group permanently deleted",
  "directory.group.membersAdded": "Members added to a group",
  "directory.group.membersRemoved": "Members removed from a group",
  "directory.imported": "Directory bulk import",
};

/** Keys that could hold a secret. Their string values are never shown, even if a writer slipped one in. */
const SECRET_KEY = /(token|secret|password|passwd|apikey|api_key|credential)(?!.*(changed|set|tested|present))/i;

function label(action: string): string {
  if (LABELS[action]) return LABELS[action];
  const words = action
    .replace(/[._]/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "yes" : "no";
  const s = JSON.stringify(v);
  return s.length > 500 ? `${s.slice(0, 500)}…` : s;
}

/** Audit details as key/value text, with anything that looks like a secret replaced. */
export function auditDetails(json: string | null): AuditDetail[] {
  if (!json) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [{ key: "details", value: "(unreadable)" }];
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return [{ key: "details", value: show(parsed) }];
  return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({
    key,
    value: SECRET_KEY.test(key) && typeof value !== "boolean" ? "(hidden)" : show(value),
  }));
}

/**
 * An application's audit trail, newest first, by keyset on id (`before` = last id of the previous page). With
 * applicationId null: the changes tied to no application (the directory, sources, API tokens, people).
 */
export async function listAuditEvents(
  applicationId: string | null,
  opts: { before?: number; limit?: number } = {},
): Promise<{ events: AuditEventView[]; nextBefore: number | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = await prisma.auditEvent.findMany({
    where: { applicationId, ...(opts.before ? { id: { lt: opts.before } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    events: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      label: label(r.action),
      details: auditDetails(r.details),
    })),
    nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
