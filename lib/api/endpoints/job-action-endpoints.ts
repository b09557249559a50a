import { z } from "zod";
import { requestProvisionOnDemand } from "../../jobs/request-provision-on-demand";
import { runJobNow } from "../../jobs/run-job-now";
import { retryQuarantinedJob } from "../../jobs/retry-quarantined-job";
import { wakeScheduler } from "../../jobs/scheduler";
import { allowDeletesOnce } from "../../sync/cycle/allow-deletes-once";
import { getJobProgress } from "../../sync/cycle/get-job-progress";
import { loadJobForApplication } from "../../mapping-config/load-job-for-application";
import { defineEndpoint } from "../endpoint";
import { idSchema, progressSchema } from "../api-schemas";

const appParams = z.object({ appId: idSchema.meta({ description: "The application's id." }) });
const tag = "Provisioning";

const outcomeSchema = z
  .looseObject({
    objectType: z.enum(["User", "Group"]),
    sourceId: z.string(),
    identity: z.string(),
    action: z.string(),
    status: z.string(),
    targetId: z.string().nullable(),
    steps: z.array(z.looseObject({ step: z.string(), status: z.string(), detail: z.string() })),
    error: z.string().optional(),
  })
  .meta({ id: "OnDemandObject" });

const onDemandResultSchema = z
  .object({
    cycleId: z.string(),
    status: z.enum(["Succeeded", "Warning", "Failed"]),
    object: outcomeSchema.nullable(),
    members: z.array(outcomeSchema),
    requests: z.number().int(),
    durationMs: z.number().int(),
    error: z.string().optional(),
  })
  .meta({ id: "OnDemandResult", description: "The steps Import, Scope, Match and Action, as on the page." });

/** The job's progress after an action that makes it due now (the scheduler is woken for it). */
async function progressAfter(appId: string, act: (jobId: string) => Promise<void>) {
  const job = await loadJobForApplication(appId);
  await act(job.id);
  wakeScheduler();
  return getJobProgress(job.id);
}

export const jobActionEndpoints = [
  defineEndpoint({
    operationId: "runNow",
    method: "post",
    path: "/applications/{appId}/provisioning/run-now",
    tag,
    summary: "Run now",
    description:
      "The next cycle (incremental unless a change asks for an initial one) starts now instead of at its time. " +
      "Refused (409) when provisioning is Off, in quarantine, or a cycle is running.",
    access: "write",
    params: appParams,
    success: { status: 202, description: "Due now; the progress so far.", schema: progressSchema },
    problems: [404, 409],
    handle: ({ params, principal }) => progressAfter(params.appId, (jobId) => runJobNow({ jobId }, principal.actor)),
  }),
  defineEndpoint({
    operationId: "retryNow",
    method: "post",
    path: "/applications/{appId}/provisioning/retry-now",
    tag,
    summary: "Retry now (leave quarantine)",
    description:
      "For a job in quarantine for rejected credentials or a failing target, once Test Connection has passed with " +
      "the saved credentials since the quarantine began: it leaves quarantine and runs now, keeping its watermark. " +
      "Otherwise 409 with the reason.",
    access: "write",
    params: appParams,
    success: { status: 202, description: "Out of quarantine and due now.", schema: progressSchema },
    problems: [404, 409],
    handle: ({ params, principal }) =>
      progressAfter(params.appId, (jobId) => retryQuarantinedJob({ jobId }, principal.actor)),
  }),
  defineEndpoint({
    operationId: "allowDeletes",
    method: "post",
    path: "/applications/{appId}/provisioning/allow-deletes",
    tag,
    summary: "Allow deletes (once)",
    description:
      "Approves the disables and deletes the accidental deletion threshold held, for the next cycle only; the job " +
      "leaves quarantine and is due now. 409 when nothing is held.",
    access: "write",
    params: appParams,
    success: { status: 202, description: "Approved; the progress so far.", schema: progressSchema },
    problems: [404, 409],
    handle: ({ params, principal }) =>
      progressAfter(params.appId, (jobId) => allowDeletesOnce({ jobId }, principal.actor)),
  }),
  defineEndpoint({
    operationId: "provisionOnDemand",
    method: "post",
    path: "/applications/{appId}/provisioning/on-demand",
    tag,
    summary: "Provision on demand",
    description:
      "One user, or a group with up to 5 of its members (memberIds; all when it has 5 or fewer), now, with the " +
      "steps Import, Scope, Match and Action. Logged as a cycle of type OnDemand.",
    access: "write",
    params: appParams,
    body: z.object({
      objectType: z.enum(["User", "Group"]),
      sourceId: idSchema.meta({ description: "The directory user's or group's id." }),
      memberIds: z.array(idSchema).max(5).optional(),
    }),
    success: { status: 200, description: "What happened, step by step.", schema: onDemandResultSchema },
    problems: [404, 409, 422],
    handle: async ({ params, body, principal }) => {
      const job = await loadJobForApplication(params.appId);
      return requestProvisionOnDemand({ jobId: job.id, ...body, actor: principal.actor });
    },
  }),
];
