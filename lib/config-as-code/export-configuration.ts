import { prisma, type Tx } from "../db/prisma";
import { AppError } from "../errors";
import { findTemplate } from "../templates/gallery";
import { CONFIGURATION_DOCUMENT_VERSION, type ConfigurationDocument } from "./configuration-document-schema";

const byPosition = { orderBy: [{ position: "asc" as const }, { target: "asc" as const }] };

/**
 * An application's configuration as a document (configuration-document-schema.ts), without the Secret Token.
 * Assignments of users or groups that are gone from the directory for good are left out: they cannot be
 * named, and apply leaves such assignments alone.
 */
export async function exportConfiguration(applicationId: string): Promise<ConfigurationDocument> {
  return prisma.$transaction((tx) => exportConfigurationInTx(tx, applicationId));
}

/** The same inside a caller's transaction: apply compares a document with this. */
export async function exportConfigurationInTx(tx: Tx, applicationId: string): Promise<ConfigurationDocument> {
  const app = await tx.application.findUnique({ where: { id: applicationId }, include: { job: true } });
  if (!app?.job)
    throw new AppError("application.not_found", "This application does not exist. It may have been deleted.");
  const job = app.job;
  const template = findTemplate(app.templateId);
  const [mappings, attributes, filters, assignments] = await Promise.all([
    tx.attributeMapping.findMany({ where: { jobId: job.id }, ...byPosition }),
    tx.targetAttribute.findMany({ where: { jobId: job.id } }),
    tx.scopingFilter.findMany({
      where: { jobId: job.id },
      orderBy: { position: "asc" },
      include: { clauses: { orderBy: { position: "asc" } } },
    }),
    tx.assignment.findMany({ where: { applicationId } }),
  ]);
  const userIds = assignments.filter((a) => a.principalType === "User").map((a) => a.principalId);
  const groupIds = assignments.filter((a) => a.principalType === "Group").map((a) => a.principalId);
  const [users, groups] = await Promise.all([
    tx.directoryUser.findMany({ where: { id: { in: userIds } }, select: { id: true, userPrincipalName: true } }),
    tx.directoryGroup.findMany({ where: { id: { in: groupIds } }, select: { id: true, displayName: true } }),
  ]);
  const upn = new Map(users.map((u) => [u.id, u.userPrincipalName]));
  const groupName = new Map(groups.map((g) => [g.id, g.displayName]));

  const ofType = <T extends { objectType: string }>(rows: T[], type: "User" | "Group") =>
    rows.filter((r) => r.objectType === type);
  const mappingRows = (type: "User" | "Group") =>
    ofType(mappings, type).map((m) => ({
      mappingType: m.mappingType as "Direct" | "Constant" | "Expression",
      source: m.source,
      target: m.target,
      defaultValue: m.defaultValue,
      applyOn: m.applyOn === "CreateOnly" ? ("CreateOnly" as const) : ("Always" as const),
      matchingPrecedence: m.matchingPrecedence,
    }));
  const attributeRows = (type: "User" | "Group") => {
    // Template order first (the order admins know from the editor), then the rest by name.
    const rank = new Map(template.targetSchema[type].map((a, i) => [a.name, i]));
    return ofType(attributes, type)
      .sort((a, b) => (rank.get(a.name) ?? 1e9) - (rank.get(b.name) ?? 1e9) || a.name.localeCompare(b.name))
      .map((a) => ({
        name: a.name,
        type: a.type as "String" | "Boolean" | "Integer" | "DateTime" | "Reference",
        required: a.required,
        multiValued: a.multiValued,
        caseExact: a.caseExact,
      }));
  };
  const filterRows = (type: "User" | "Group") =>
    ofType(filters, type).map((f) => ({
      title: f.name,
      clauses: f.clauses.map((c) => ({ attribute: c.attribute, operator: c.operator, value: c.value })),
    }));

  const document: ConfigurationDocument = {
    version: CONFIGURATION_DOCUMENT_VERSION,
    application: { name: app.name, template: app.templateId },
    provisioning: {
      mode: job.mode === "Automatic" ? "Automatic" : "Manual",
      tenantUrl: job.tenantUrl ?? "",
      notificationEmail: job.notificationEmail ?? "",
      sendOnFailure: job.sendOnFailure,
      scope: job.scope === "All" ? "All" : "AssignedOnly",
      preventAccidentalDeletion: job.preventAccidentalDeletion,
      deletionThreshold: job.deletionThreshold,
      skipOutOfScopeDeletions: job.skipOutOfScopeDeletions,
      groupProvisioningEnabled: job.groupProvisioningEnabled,
      cycleIntervalMinutes: job.cycleIntervalMinutes,
      rateLimitPerSecond: job.rateLimitPerSecond,
    },
    mappings: { users: mappingRows("User"), groups: mappingRows("Group") },
    objectActions: {
      users: { create: job.userCreate, update: job.userUpdate, delete: job.userDelete },
      groups: { create: job.groupCreate, update: job.groupUpdate, delete: job.groupDelete },
    },
    targetAttributes: { users: attributeRows("User"), groups: attributeRows("Group") },
    scopingFilters: { users: filterRows("User"), groups: filterRows("Group") },
    assignments: {
      users: assignments
        .filter((a) => a.principalType === "User" && upn.has(a.principalId))
        .map((a) => ({ userPrincipalName: upn.get(a.principalId)!, appRole: a.appRole }))
        .sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName)),
      groups: assignments
        .filter((a) => a.principalType === "Group" && groupName.has(a.principalId))
        .map((a) => ({ displayName: groupName.get(a.principalId)!, appRole: a.appRole }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    },
  };
  return document;
}
