import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { findTemplate } from "../../templates/gallery";
import type { AppTemplate } from "../../templates/template-schema";
import type { ObjectType } from "../sync-types";

export type MappingRow = {
  id: string;
  objectType: string;
  mappingType: string;
  source: string;
  target: string;
  defaultValue: string | null;
  applyOn: string;
  matchingPrecedence: number | null;
  position: number;
};

export type ScopingFilterData = {
  /** The filter's name, for a log entry that says which clause of which filter was false. */
  title: string;
  clauses: { attribute: string; operator: string; value: string | null }[];
};

export type JobContext = {
  jobId: string;
  applicationId: string;
  applicationName: string;
  template: AppTemplate;
  job: {
    tenantUrl: string | null;
    secretTokenEnc: string | null;
    secretTokenOrigin: string | null;
    scope: "AssignedOnly" | "All";
    preventAccidentalDeletion: boolean;
    deletionThreshold: number;
    skipOutOfScopeDeletions: boolean;
    groupProvisioningEnabled: boolean;
    rateLimitPerSecond: number | null;
    /** The target refused a PATCH of a user once: users are updated with PUT. */
    userPatchRefusedAt: Date | null;
    userCreate: boolean;
    userUpdate: boolean;
    userDelete: boolean;
    groupCreate: boolean;
    groupUpdate: boolean;
    groupDelete: boolean;
    watermark: number;
    fullSyncRequired: boolean;
    allowDeletesOnce: boolean;
    status: string;
    quarantineReason: string | null;
    quarantineLevel: number;
    consecutiveFailures: number;
    enabled: boolean;
  };
  mappings: Record<ObjectType, MappingRow[]>;
  /** Matching attributes (target paths) in precedence order. */
  matching: Record<ObjectType, string[]>;
  filters: Record<ObjectType, ScopingFilterData[]>;
  /** Groups are provisioned at all (template supports it and the job setting is on). */
  groupsEnabled: boolean;
  /** The members mapping exists for groups. */
  syncMembers: boolean;
};

/** Everything a cycle needs to know about a job's configuration, loaded once per cycle. */
export async function loadJobContext(jobId: string): Promise<JobContext> {
  const job = await prisma.provisioningJob.findUnique({
    where: { id: jobId },
    include: {
      application: { select: { id: true, name: true, templateId: true } },
      mappings: { orderBy: { position: "asc" } },
      scopingFilters: { orderBy: { position: "asc" }, include: { clauses: { orderBy: { position: "asc" } } } },
    },
  });
  if (!job) throw new AppError("job.not_found", "This application has no provisioning job.");
  const template = findTemplate(job.application.templateId);
  const mappings: Record<ObjectType, MappingRow[]> = { User: [], Group: [] };
  for (const m of job.mappings) if (m.objectType === "User" || m.objectType === "Group") mappings[m.objectType].push(m);
  const matching = {
    User: matchingPaths(mappings.User),
    Group: matchingPaths(mappings.Group),
  };
  const filters: Record<ObjectType, ScopingFilterData[]> = { User: [], Group: [] };
  for (const f of job.scopingFilters) {
    if (f.objectType !== "User" && f.objectType !== "Group") continue;
    if (f.clauses.length === 0) continue;
    filters[f.objectType].push({
      title: f.name,
      clauses: f.clauses.map((c) => ({ attribute: c.attribute, operator: c.operator, value: c.value })),
    });
  }
  return {
    jobId: job.id,
    applicationId: job.application.id,
    applicationName: job.application.name,
    template,
    job: {
      tenantUrl: job.tenantUrl,
      secretTokenEnc: job.secretTokenEnc,
      secretTokenOrigin: job.secretTokenOrigin,
      scope: job.scope === "All" ? "All" : "AssignedOnly",
      preventAccidentalDeletion: job.preventAccidentalDeletion,
      deletionThreshold: job.deletionThreshold,
      skipOutOfScopeDeletions: job.skipOutOfScopeDeletions,
      groupProvisioningEnabled: job.groupProvisioningEnabled,
      rateLimitPerSecond: job.rateLimitPerSecond,
      userPatchRefusedAt: job.userPatchRefusedAt,
      userCreate: job.userCreate,
      userUpdate: job.userUpdate,
      userDelete: job.userDelete,
      groupCreate: job.groupCreate,
      groupUpdate: job.groupUpdate,
      groupDelete: job.groupDelete,
      watermark: job.watermark,
      fullSyncRequired: job.fullSyncRequired,
      allowDeletesOnce: job.allowDeletesOnce,
      status: job.status,
      quarantineReason: job.quarantineReason,
      quarantineLevel: job.quarantineLevel,
      consecutiveFailures: job.consecutiveFailures,
      enabled: job.enabled,
    },
    mappings,
    matching,
    filters,
    groupsEnabled: template.capabilities.groups && job.groupProvisioningEnabled,
    syncMembers: mappings.Group.some((m) => m.target === "members"),
  };
}

function matchingPaths(rows: MappingRow[]): string[] {
  return rows
    .filter((m) => m.matchingPrecedence != null)
    .sort((a, b) => (a.matchingPrecedence ?? 0) - (b.matchingPrecedence ?? 0))
    .map((m) => m.target);
}
