import { prisma } from "../db/prisma";
import { findTemplate } from "../templates/gallery";
import { loadJobForApplication } from "./load-job-for-application";
import { sourceAttributesFor, type MappingObjectType } from "./source-attributes";

export type MappingView = {
  id: string;
  mappingType: "Direct" | "Constant" | "Expression";
  source: string;
  target: string;
  defaultValue: string | null;
  applyOn: "Always" | "CreateOnly";
  matchingPrecedence: number | null;
};

export type TargetAttributeView = {
  name: string;
  type: "String" | "Boolean" | "Integer" | "DateTime" | "Reference";
  required: boolean;
  multiValued: boolean;
  caseExact: boolean;
};

/** What the mapping editor of one object type needs. Browser-safe: no secret, only whether one is saved. */
export type MappingConfigView = {
  applicationId: string;
  applicationName: string;
  templateName: string;
  objectType: MappingObjectType;
  mappings: MappingView[];
  targetAttributes: TargetAttributeView[];
  actions: { create: boolean; update: boolean; delete: boolean };
  /** Groups: the job's "Enabled" setting; the template must also support groups. */
  groupProvisioningEnabled: boolean;
  templateSupportsGroups: boolean;
  fullSyncRequired: boolean;
  provisioningEnabled: boolean;
  /** Tenant URL and Secret Token are both saved (schema discovery needs them). */
  hasCredentials: boolean;
  sourceAttributes: readonly string[];
};

const ATTRIBUTE_TYPES = new Set(["String", "Boolean", "Integer", "DateTime", "Reference"]);

export async function getMappingConfig(
  applicationId: string,
  objectType: MappingObjectType,
): Promise<MappingConfigView> {
  const job = await loadJobForApplication(applicationId);
  const template = findTemplate(job.application.templateId);
  const [mappings, attributes] = await Promise.all([
    prisma.attributeMapping.findMany({
      where: { jobId: job.id, objectType },
      orderBy: [{ position: "asc" }, { target: "asc" }],
    }),
    prisma.targetAttribute.findMany({ where: { jobId: job.id, objectType } }),
  ]);
  const prefix = objectType === "User" ? "user" : "group";
  return {
    applicationId,
    applicationName: job.application.name,
    templateName: template.name,
    objectType,
    mappings: mappings.map((m) => ({
      id: m.id,
      mappingType: m.mappingType === "Constant" || m.mappingType === "Expression" ? m.mappingType : "Direct",
      source: m.source,
      target: m.target,
      defaultValue: m.defaultValue,
      applyOn: m.applyOn === "CreateOnly" ? "CreateOnly" : "Always",
      matchingPrecedence: m.matchingPrecedence,
    })),
    // Template order first (it is the order admins know), then the rest by name.
    targetAttributes: sortAttributes(
      attributes,
      template.targetSchema[objectType].map((a) => a.name),
    ).map((a) => ({
      name: a.name,
      type: (ATTRIBUTE_TYPES.has(a.type) ? a.type : "String") as TargetAttributeView["type"],
      required: a.required,
      multiValued: a.multiValued,
      caseExact: a.caseExact,
    })),
    actions: {
      create: job[`${prefix}Create`],
      update: job[`${prefix}Update`],
      delete: job[`${prefix}Delete`],
    },
    groupProvisioningEnabled: job.groupProvisioningEnabled,
    templateSupportsGroups: template.capabilities.groups,
    fullSyncRequired: job.fullSyncRequired,
    provisioningEnabled: job.enabled,
    hasCredentials: Boolean(job.tenantUrl && job.secretTokenEnc),
    sourceAttributes: sourceAttributesFor(objectType),
  };
}

function sortAttributes<T extends { name: string }>(rows: T[], order: string[]): T[] {
  const rank = new Map(order.map((n, i) => [n, i]));
  return [...rows].sort((a, b) => {
    const ra = rank.get(a.name) ?? Infinity;
    const rb = rank.get(b.name) ?? Infinity;
    return ra !== rb ? ra - rb : a.name.localeCompare(b.name);
  });
}
