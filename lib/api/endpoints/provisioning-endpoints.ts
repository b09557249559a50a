import { z } from "zod";
import { getProvisioningConfig } from "../../applications/provisioning/get-provisioning-config";
import {
  updateProvisioningConfig,
  updateProvisioningConfigInput,
} from "../../applications/provisioning/update-provisioning-config";
import { testCredentials, testCredentialsInput } from "../../applications/provisioning/test-credentials";
import { restartProvisioning } from "../../sync/cycle/restart-provisioning";
import { getJobProgress } from "../../sync/cycle/get-job-progress";
import { loadJobForApplication } from "../../mapping-config/load-job-for-application";
import { listCycles } from "../../logs/list-cycles";
import { listAuditEvents } from "../../audit/list-audit-events";
import { wakeScheduler } from "../../jobs/scheduler";
import { defineEndpoint } from "../endpoint";
import {
  auditPageSchema,
  connectionTestSchema,
  cyclePageSchema,
  idSchema,
  progressSchema,
  provisioningConfigSchema,
} from "../api-schemas";

const appParams = z.object({ appId: idSchema.meta({ description: "The application's id." }) });
const tag = "Provisioning";
const limit = (max: number) => z.coerce.number().int().min(1).max(max).optional();

async function setEnabled(appId: string, enabled: boolean, actor: string) {
  const config = await updateProvisioningConfig(appId, { enabled }, actor);
  // Turning On makes the job due now; waking the scheduler starts the initial cycle without waiting for a tick.
  if (config.enabled) wakeScheduler();
  return config;
}

export const provisioningEndpoints = [
  defineEndpoint({
    operationId: "getProvisioning",
    method: "get",
    path: "/applications/{appId}/provisioning",
    tag,
    summary: "Read the provisioning configuration",
    description: "The Secret Token is write-only: the answer says only whether one is saved (hasSecretToken).",
    access: "read",
    params: appParams,
    success: { status: 200, description: "The configuration.", schema: provisioningConfigSchema },
    problems: [404],
    handle: ({ params }) => getProvisioningConfig(params.appId),
  }),
  defineEndpoint({
    operationId: "updateProvisioning",
    method: "patch",
    path: "/applications/{appId}/provisioning",
    tag,
    summary: "Update the provisioning configuration",
    description:
      "Fields left out keep their saved values; a blank or absent secretToken keeps the saved token. All or nothing, " +
      "with the Provisioning page's rules: Status On (enabled) only in Automatic mode after Test Connection passed " +
      "with exactly the saved Tenant URL and token.",
    access: "write",
    params: appParams,
    body: updateProvisioningConfigInput,
    success: { status: 200, description: "The saved configuration.", schema: provisioningConfigSchema },
    problems: [404],
    handle: async ({ params, body, principal }) => {
      const config = await updateProvisioningConfig(params.appId, body, principal.actor);
      if (config.enabled) wakeScheduler();
      return config;
    },
  }),
  defineEndpoint({
    operationId: "testConnection",
    method: "post",
    path: "/applications/{appId}/provisioning/test-connection",
    tag,
    summary: "Test Connection",
    description:
      'Sends GET {Tenant URL}/Users?filter=userName eq "<random>" with the token. Left out, the saved Tenant URL and ' +
      "token are tested. A failed connection is an answer (ok: false, with its kind), not an error.",
    access: "write",
    params: appParams,
    body: testCredentialsInput.omit({ applicationId: true }).partial().optional(),
    success: { status: 200, description: "The test's result, recorded on the job.", schema: connectionTestSchema },
    problems: [404, 409],
    handle: async ({ params, body, principal }) => {
      const saved = body?.tenantUrl === undefined ? await getProvisioningConfig(params.appId) : null;
      return testCredentials(
        {
          applicationId: params.appId,
          tenantUrl: body?.tenantUrl ?? saved?.tenantUrl ?? "",
          secretToken: body?.secretToken ?? "",
        },
        principal.actor,
      );
    },
  }),
  defineEndpoint({
    operationId: "startProvisioning",
    method: "post",
    path: "/applications/{appId}/provisioning/start",
    tag,
    summary: "Turn Provisioning Status On",
    description: "The initial cycle starts at once. Refused until Test Connection passed with the saved credentials.",
    access: "write",
    params: appParams,
    success: { status: 200, description: "The configuration, enabled.", schema: provisioningConfigSchema },
    problems: [404],
    handle: ({ params, principal }) => setEnabled(params.appId, true, principal.actor),
  }),
  defineEndpoint({
    operationId: "stopProvisioning",
    method: "post",
    path: "/applications/{appId}/provisioning/stop",
    tag,
    summary: "Turn Provisioning Status Off",
    description: "No new cycles start; a running cycle finishes its batch.",
    access: "write",
    params: appParams,
    success: { status: 200, description: "The configuration, not enabled.", schema: provisioningConfigSchema },
    problems: [404],
    handle: ({ params, principal }) => setEnabled(params.appId, false, principal.actor),
  }),
  defineEndpoint({
    operationId: "restartProvisioning",
    method: "post",
    path: "/applications/{appId}/provisioning/restart",
    tag,
    summary: "Restart provisioning",
    description:
      "Clears the watermark and quarantine, keeps the links to target objects; the next cycle is initial, now.",
    access: "write",
    params: appParams,
    success: { status: 202, description: "Restarted; the progress so far.", schema: progressSchema },
    problems: [404],
    handle: async ({ params, principal }) => {
      const job = await loadJobForApplication(params.appId);
      await restartProvisioning({ jobId: job.id }, principal.actor);
      wakeScheduler();
      return getJobProgress(job.id);
    },
  }),
  defineEndpoint({
    operationId: "getProgress",
    method: "get",
    path: "/applications/{appId}/provisioning/progress",
    tag,
    summary: "Current cycle's progress, the last cycle and statistics",
    access: "read",
    params: appParams,
    success: { status: 200, description: "The progress.", schema: progressSchema },
    problems: [404],
    handle: async ({ params }) => getJobProgress((await loadJobForApplication(params.appId)).id),
  }),
  defineEndpoint({
    operationId: "listCycles",
    method: "get",
    path: "/applications/{appId}/cycles",
    tag,
    summary: "List provisioning cycles",
    description: "Newest first, in pages: pass nextBefore as before for the next page.",
    access: "read",
    params: appParams,
    query: z.object({ before: z.iso.datetime({ offset: true }).optional(), limit: limit(200) }),
    success: { status: 200, description: "One page of cycles.", schema: cyclePageSchema },
    problems: [404],
    handle: async ({ params, query }) => {
      await loadJobForApplication(params.appId);
      const { cycles, nextBefore } = await listCycles(params.appId, { ...query, chartSize: 0 });
      return { cycles, nextBefore };
    },
  }),
  defineEndpoint({
    operationId: "listAuditEvents",
    method: "get",
    path: "/applications/{appId}/audit",
    tag: "Audit",
    summary: "An application's audit trail",
    description: "Every configuration change with who (a username, or an API token's name) and when; newest first.",
    access: "read",
    params: appParams,
    query: z.object({ before: z.coerce.number().int().min(1).optional(), limit: limit(200) }),
    success: { status: 200, description: "One page of audit events.", schema: auditPageSchema },
    problems: [404],
    handle: async ({ params, query }) => {
      await loadJobForApplication(params.appId);
      return listAuditEvents(params.appId, query);
    },
  }),
];
