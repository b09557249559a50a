import type { Tx } from "../db/prisma";
import { isAppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recordDirectoryChanges } from "../directory/record-directory-change";
import { saveProvisioningConfigInTx } from "../applications/provisioning/save-provisioning-config";
import type { ConfigurationDocument } from "./configuration-document-schema";
import { storedScopingFilter, type ConfigurationChange, type ConfigurationSection } from "./diff-configuration";
import { invalidDocument } from "./parse-configuration-document";
import type { AssignmentWrite } from "./plan-assignments";

type Doc = ConfigurationDocument;
const TYPES = [
  ["users", "User"],
  ["groups", "Group"],
] as const;
/** The Provisioning page's own fields: saved through its operation, with its rules and audit entries. */
const PAGE_FIELDS = new Set([
  "mode",
  "tenantUrl",
  "notificationEmail",
  "sendOnFailure",
  "scope",
  "preventAccidentalDeletion",
  "deletionThreshold",
  "skipOutOfScopeDeletions",
]);

async function saveProvisioningPage(tx: Tx, applicationId: string, doc: Doc, actor: string) {
  const job = await tx.provisioningJob.findUniqueOrThrow({ where: { applicationId } });
  const p = doc.provisioning;
  try {
    await saveProvisioningConfigInTx(
      tx,
      {
        applicationId,
        mode: p.mode,
        tenantUrl: p.tenantUrl,
        secretToken: "",
        notificationEmail: p.notificationEmail,
        sendOnFailure: p.sendOnFailure,
        scope: p.scope,
        preventAccidentalDeletion: p.preventAccidentalDeletion,
        deletionThreshold: p.deletionThreshold,
        skipOutOfScopeDeletions: p.skipOutOfScopeDeletions,
        enabled: job.enabled,
      },
      actor,
    );
  } catch (e) {
    // The page's rules speak of its fields; the document's admin reads paths.
    if (!isAppError(e) || !e.fieldErrors) throw e;
    const problems: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.fieldErrors))
      problems[`provisioning.${k === "secretToken" || k === "enabled" ? "tenantUrl" : k}`] = v;
    throw invalidDocument(problems);
  }
}

async function saveJobExtras(tx: Tx, applicationId: string, from: Doc, to: Doc, actor: string) {
  const settings: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ["groupProvisioningEnabled", "cycleIntervalMinutes", "rateLimitPerSecond"] as const) {
    if (from.provisioning[key] !== to.provisioning[key])
      settings[key] = { from: from.provisioning[key], to: to.provisioning[key] };
  }
  for (const [kind, prefix] of [
    ["users", "user"],
    ["groups", "group"],
  ] as const) {
    for (const action of ["create", "update", "delete"] as const) {
      if (from.objectActions[kind][action] !== to.objectActions[kind][action])
        settings[`${prefix}.${action}`] = {
          from: from.objectActions[kind][action],
          to: to.objectActions[kind][action],
        };
    }
  }
  if (Object.keys(settings).length === 0) return;
  const a = to.objectActions;
  await tx.provisioningJob.update({
    where: { applicationId },
    data: {
      groupProvisioningEnabled: to.provisioning.groupProvisioningEnabled,
      cycleIntervalMinutes: to.provisioning.cycleIntervalMinutes,
      rateLimitPerSecond: to.provisioning.rateLimitPerSecond,
      userCreate: a.users.create,
      userUpdate: a.users.update,
      userDelete: a.users.delete,
      groupCreate: a.groups.create,
      groupUpdate: a.groups.update,
      groupDelete: a.groups.delete,
      // What is sent changes: the next cycle evaluates every object again, as after saving mappings.
      ...(settings.groupProvisioningEnabled || Object.keys(settings).some((k) => k.includes("."))
        ? { fullSyncRequired: true }
        : {}),
    },
  });
  await recordAuditEvent(tx, { actor, action: "provisioning.settings.updated", applicationId, details: settings });
}

async function writeObjectType(
  tx: Tx,
  opts: { jobId: string; applicationId: string; doc: Doc; sections: Set<ConfigurationSection>; actor: string },
) {
  const { jobId, applicationId, doc, sections, actor } = opts;
  for (const [kind, objectType] of TYPES) {
    if (sections.has(`targetAttributes.${kind}`)) {
      const before = await tx.targetAttribute.findMany({ where: { jobId, objectType }, select: { name: true } });
      const wanted = doc.targetAttributes[kind];
      await tx.targetAttribute.deleteMany({ where: { jobId, objectType } });
      await tx.targetAttribute.createMany({ data: wanted.map((a) => ({ jobId, objectType, ...a })) });
      const had = new Set(before.map((a) => a.name));
      const keeps = new Set(wanted.map((a) => a.name));
      await recordAuditEvent(tx, {
        actor,
        action: "targetAttributes.updated",
        applicationId,
        details: {
          objectType,
          added: wanted.filter((a) => !had.has(a.name)).map((a) => a.name),
          removed: before.filter((a) => !keeps.has(a.name)).map((a) => a.name),
          count: wanted.length,
        },
      });
    }
    if (sections.has(`mappings.${kind}`)) {
      const mappings = doc.mappings[kind];
      await tx.attributeMapping.deleteMany({ where: { jobId, objectType } });
      await tx.attributeMapping.createMany({
        data: mappings.map((m, i) => ({
          jobId,
          objectType,
          mappingType: m.mappingType,
          source: m.source,
          target: m.target,
          defaultValue: m.defaultValue ? m.defaultValue : null,
          applyOn: m.applyOn,
          matchingPrecedence: m.matchingPrecedence ?? null,
          position: i,
        })),
      });
      await tx.provisioningJob.update({ where: { id: jobId }, data: { fullSyncRequired: true } });
      await recordAuditEvent(tx, {
        actor,
        action: "mappings.updated",
        applicationId,
        details: {
          objectType,
          mappings: mappings.map((m) => ({
            type: m.mappingType,
            source: m.source,
            target: m.target,
            precedence: m.matchingPrecedence ?? null,
            applyOn: m.applyOn,
          })),
        },
      });
    }
    if (sections.has(`scopingFilters.${kind}`)) {
      const filters = doc.scopingFilters[kind].map(storedScopingFilter);
      await tx.scopingFilter.deleteMany({ where: { jobId, objectType } });
      for (const [position, f] of filters.entries()) {
        await tx.scopingFilter.create({
          data: {
            jobId,
            objectType,
            name: f.title,
            position,
            clauses: { create: f.clauses.map((c, i) => ({ ...c, position: i })) },
          },
        });
      }
      await tx.provisioningJob.update({ where: { id: jobId }, data: { fullSyncRequired: true } });
      await recordAuditEvent(tx, {
        actor,
        action: "scopingFilters.updated",
        applicationId,
        details: { objectType, filters: filters.map((f) => f.clauses.map((c) => [c.attribute, c.operator, c.value])) },
      });
    }
  }
}

async function writeAssignments(tx: Tx, applicationId: string, writes: AssignmentWrite[], actor: string) {
  const adds = writes.filter((w) => w.op === "add");
  if (adds.length > 0) {
    await tx.assignment.createMany({
      data: adds.map((w) => ({
        applicationId,
        principalType: w.principalType,
        principalId: w.principalId,
        appRole: w.appRole,
      })),
    });
  }
  for (const w of writes) {
    if (w.op === "role") await tx.assignment.update({ where: { id: w.assignmentId }, data: { appRole: w.to } });
  }
  const removed = writes.filter((w) => w.op === "remove").map((w) => w.assignmentId);
  for (let i = 0; i < removed.length; i += 500)
    await tx.assignment.deleteMany({ where: { id: { in: removed.slice(i, i + 500) } } });
  // The change sequence wakes the job for each principal, as an assignment on the page does.
  await recordDirectoryChanges(
    tx,
    writes.map((w) => ({ objectType: w.principalType, objectId: w.principalId, kind: "AssignmentChanged" as const })),
  );
  if (writes.length === 0) return;
  await tx.auditEvent.createMany({
    data: writes.map((w) => ({
      actor,
      applicationId,
      action: w.op === "add" ? "assignment.added" : w.op === "role" ? "assignment.roleChanged" : "assignment.removed",
      details: JSON.stringify(
        w.op === "add"
          ? { principalType: w.principalType, principalId: w.principalId, displayName: w.name, appRole: w.appRole }
          : w.op === "role"
            ? { principalType: w.principalType, principalId: w.principalId, from: w.from, to: w.to }
            : { principalType: w.principalType, principalId: w.principalId, appRole: w.appRole },
      ),
    })),
  });
}

/**
 * Writes what a document changes, section by section, inside the caller's transaction; sections without a
 * change are not touched (so applying twice writes nothing the second time). Each section is audited as its
 * page audits it, and the whole apply once more as configuration.applied.
 */
export async function writeConfigurationChanges(
  tx: Tx,
  opts: {
    applicationId: string;
    from: Doc;
    to: Doc;
    changes: ConfigurationChange[];
    assignmentWrites: AssignmentWrite[];
    actor: string;
  },
): Promise<void> {
  const { applicationId, from, to, changes, actor } = opts;
  if (changes.length === 0) return;
  const sections = new Set(changes.map((c) => c.section));
  if (from.application.name !== to.application.name) {
    await tx.application.update({ where: { id: applicationId }, data: { name: to.application.name } });
    await recordAuditEvent(tx, {
      actor,
      action: "application.renamed",
      applicationId,
      details: { from: from.application.name, to: to.application.name },
    });
  }
  const pageFieldChanged = changes.some((c) => c.section === "provisioning" && PAGE_FIELDS.has(c.path.split(".")[1]!));
  if (pageFieldChanged) await saveProvisioningPage(tx, applicationId, to, actor);
  await saveJobExtras(tx, applicationId, from, to, actor);
  const job = await tx.provisioningJob.findUniqueOrThrow({ where: { applicationId }, select: { id: true } });
  await writeObjectType(tx, { jobId: job.id, applicationId, doc: to, sections, actor });
  await writeAssignments(tx, applicationId, opts.assignmentWrites, actor);
  await recordAuditEvent(tx, {
    actor,
    action: "configuration.applied",
    applicationId,
    details: { changes: changes.length, summary: changes.slice(0, 50).map((c) => `${c.path}: ${c.summary}`) },
  });
}
