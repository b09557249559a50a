import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { findTemplate } from "../../templates/gallery";
import { computeSetupChecklist, type SetupChecklist } from "./compute-setup-checklist";
import {
  DEFAULT_ACCESS_ROLE,
  jobStatusSchema,
  provisioningModeSchema,
  provisioningScopeSchema,
  type JobStatus,
  type ProvisioningMode,
  type ProvisioningScope,
} from "./provisioning-schemas";
import { readSavedToken, savedCredentialsPassedTest } from "./saved-credentials-test";
import { tenantUrlOrigin } from "./tenant-url-origin";

export type MappingRow = {
  id: string;
  mappingType: string;
  source: string;
  target: string;
  defaultValue: string | null;
  applyOn: string;
  matchingPrecedence: number | null;
};

/**
 * Everything the Provisioning page shows, safe to send to the browser: the secret token is reduced to
 * `hasSecretToken`, and dates are ISO strings.
 */
export type ProvisioningConfigView = {
  applicationId: string;
  /** The provisioning job, whose live status the page follows (GET /api/jobs/[jobId]/progress). */
  jobId: string;
  applicationName: string;
  template: {
    id: string;
    name: string;
    tenantUrlHint: string;
    secretTokenHint: string;
    credentialsHelp: string;
    supportsGroups: boolean;
  };
  mode: ProvisioningMode;
  tenantUrl: string;
  hasSecretToken: boolean;
  /** A token is saved but cannot be decrypted (the secret key changed): it must be entered again. */
  secretTokenUnreadable: boolean;
  /** The origin the saved token is bound to (not secret): another Tenant URL origin needs the token again. */
  secretTokenOrigin: string | null;
  credentialsTest: {
    testedAt: string | null;
    ok: boolean;
    message: string | null;
    /** The last test passed with exactly the saved Tenant URL and token. */
    passedForSavedCredentials: boolean;
  };
  notificationEmail: string;
  sendOnFailure: boolean;
  scope: ProvisioningScope;
  preventAccidentalDeletion: boolean;
  deletionThreshold: number;
  skipOutOfScopeDeletions: boolean;
  groupProvisioningEnabled: boolean;
  enabled: boolean;
  status: JobStatus;
  mappings: { User: MappingRow[]; Group: MappingRow[] };
  assignments: { provisionable: number; total: number };
  checklist: SetupChecklist;
  updatedAt: string;
};

export async function getProvisioningConfig(applicationId: string): Promise<ProvisioningConfigView> {
  const app = await prisma.application.findUnique({
    where: { id: applicationId },
    include: { job: { include: { mappings: { orderBy: [{ objectType: "asc" }, { position: "asc" }] } } } },
  });
  if (!app) throw new AppError("application.not_found", "This application does not exist. It may have been deleted.");
  if (!app.job) throw new AppError("provisioning.no_job", "This application has no provisioning job.");
  const job = app.job;
  const template = findTemplate(app.templateId);
  const [total, provisionable] = await Promise.all([
    prisma.assignment.count({ where: { applicationId } }),
    prisma.assignment.count({ where: { applicationId, appRole: { not: DEFAULT_ACCESS_ROLE } } }),
  ]);

  const mode = provisioningModeSchema.catch("Manual").parse(job.mode);
  const scope = provisioningScopeSchema.catch("AssignedOnly").parse(job.scope);
  const status = jobStatusSchema.catch("NotConfigured").parse(job.status);
  const hasSecretToken = Boolean(job.secretTokenEnc);
  const secretTokenUnreadable = hasSecretToken && readSavedToken(job) === null;
  const passedForSavedCredentials = savedCredentialsPassedTest(job);
  const toRow = (m: (typeof job.mappings)[number]): MappingRow => ({
    id: m.id,
    mappingType: m.mappingType,
    source: m.source,
    target: m.target,
    defaultValue: m.defaultValue,
    applyOn: m.applyOn,
    matchingPrecedence: m.matchingPrecedence,
  });
  const userMappings = job.mappings.filter((m) => m.objectType === "User").map(toRow);
  const groupMappings = job.mappings.filter((m) => m.objectType === "Group").map(toRow);

  return {
    applicationId: app.id,
    applicationName: app.name,
    template: {
      id: template.id,
      name: template.name,
      tenantUrlHint: template.tenantUrlHint,
      secretTokenHint: template.secretTokenHint,
      credentialsHelp: template.credentialsHelp,
      supportsGroups: template.capabilities.groups,
    },
    mode,
    tenantUrl: job.tenantUrl ?? "",
    hasSecretToken,
    secretTokenUnreadable,
    secretTokenOrigin: hasSecretToken ? tenantUrlOrigin(job.secretTokenOrigin) : null,
    credentialsTest: {
      testedAt: job.credentialsTestedAt ? job.credentialsTestedAt.toISOString() : null,
      ok: job.credentialsTestOk,
      message: job.credentialsTestMsg,
      passedForSavedCredentials,
    },
    notificationEmail: job.notificationEmail ?? "",
    sendOnFailure: job.sendOnFailure,
    scope,
    preventAccidentalDeletion: job.preventAccidentalDeletion,
    deletionThreshold: job.deletionThreshold,
    skipOutOfScopeDeletions: job.skipOutOfScopeDeletions,
    groupProvisioningEnabled: job.groupProvisioningEnabled,
    jobId: job.id,
    enabled: job.enabled,
    status,
    mappings: { User: userMappings, Group: groupMappings },
    assignments: { provisionable, total },
    checklist: computeSetupChecklist({
      applicationId: app.id,
      provisionableAssignments: provisionable,
      totalAssignments: total,
      mode,
      hasTenantUrl: Boolean(job.tenantUrl),
      hasSecretToken,
      credentialsTested: passedForSavedCredentials,
      notificationEmail: job.notificationEmail,
      userMappings: userMappings.length,
      groupMappings: groupMappings.length,
      groupProvisioningEnabled: job.groupProvisioningEnabled,
      scope,
      enabled: job.enabled,
    }),
    updatedAt: job.updatedAt.toISOString(),
  };
}
