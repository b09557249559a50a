import { prisma } from "../db/prisma";
import { findTemplate } from "../templates/gallery";
import { loadJobForApplication } from "./load-job-for-application";
import { sourceAttributesFor, type MappingObjectType } from "./source-attributes";

export type ScopingFilterView = {
  title: string | null;
  clauses: { attribute: string; operator: string; value: string | null }[];
};

export type ScopingConfigView = {
  applicationId: string;
  applicationName: string;
  templateName: string;
  objectType: MappingObjectType;
  filters: ScopingFilterView[];
  /** "AssignedOnly" or "All" (the Provisioning page's Scope setting): which objects the filters narrow. */
  scope: string;
  fullSyncRequired: boolean;
  sourceAttributes: readonly string[];
};

export async function getScopingConfig(
  applicationId: string,
  objectType: MappingObjectType,
): Promise<ScopingConfigView> {
  const job = await loadJobForApplication(applicationId);
  const filters = await prisma.scopingFilter.findMany({
    where: { jobId: job.id, objectType },
    orderBy: { position: "asc" },
    include: { clauses: { orderBy: { position: "asc" } } },
  });
  return {
    applicationId,
    applicationName: job.application.name,
    templateName: findTemplate(job.application.templateId).name,
    objectType,
    filters: filters.map((f) => ({
      title: f.name,
      clauses: f.clauses.map((c) => ({ attribute: c.attribute, operator: c.operator, value: c.value })),
    })),
    scope: job.scope,
    fullSyncRequired: job.fullSyncRequired,
    sourceAttributes: sourceAttributesFor(objectType),
  };
}
