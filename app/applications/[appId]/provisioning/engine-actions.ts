"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import { retryQuarantinedJob } from "@/lib/jobs/retry-quarantined-job";
import { requestProvisionOnDemand } from "@/lib/jobs/request-provision-on-demand";
import { runJobNow } from "@/lib/jobs/run-job-now";
import { wakeScheduler } from "@/lib/jobs/scheduler";
import { allowDeletesOnce } from "@/lib/sync/cycle/allow-deletes-once";
import type { OnDemandResult } from "@/lib/sync/cycle/provision-on-demand";
import { restartProvisioning } from "@/lib/sync/cycle/restart-provisioning";

const jobRef = z.object({ applicationId: z.string().min(1), jobId: z.string().min(1) });

function revalidateApp(applicationId: string) {
  revalidatePath(`/applications/${applicationId}`, "layout");
}

/** Restart provisioning: clears the watermark and quarantine (links kept); the next cycle is initial, now. */
export async function restartProvisioningAction(input: z.input<typeof jobRef>): Promise<ActionResult<undefined>> {
  const result = await adminAction(async (actor) => {
    const { jobId } = jobRef.parse(input);
    await restartProvisioning({ jobId }, actor);
    return undefined;
  });
  if (result.ok) {
    revalidateApp(input.applicationId);
    wakeScheduler();
  }
  return result;
}

/** Allow deletes: applies the disables and deletes held by the accidental deletion threshold, once. */
export async function allowDeletesAction(input: z.input<typeof jobRef>): Promise<ActionResult<undefined>> {
  const result = await adminAction(async (actor) => {
    const { jobId } = jobRef.parse(input);
    await allowDeletesOnce({ jobId }, actor);
    return undefined;
  });
  if (result.ok) {
    revalidateApp(input.applicationId);
    wakeScheduler();
  }
  return result;
}

/** Run now: the next cycle (incremental) starts now, through the scheduler's wake path. */
export async function runNowAction(input: z.input<typeof jobRef>): Promise<ActionResult<undefined>> {
  const result = await adminAction(async (actor) => {
    const { jobId } = jobRef.parse(input);
    await runJobNow({ jobId }, actor);
    return undefined;
  });
  if (result.ok) revalidateApp(input.applicationId);
  return result;
}

/** Retry now: after a passed Test Connection, a quarantined job leaves quarantine and runs now. */
export async function retryNowAction(input: z.input<typeof jobRef>): Promise<ActionResult<undefined>> {
  const result = await adminAction(async (actor) => {
    const { jobId } = jobRef.parse(input);
    await retryQuarantinedJob({ jobId }, actor);
    return undefined;
  });
  if (result.ok) revalidateApp(input.applicationId);
  return result;
}

const onDemandInput = jobRef.extend({
  objectType: z.enum(["User", "Group"]),
  sourceId: z.string().trim().min(1, "Choose a user or group"),
  memberIds: z.array(z.string().min(1)).max(5).optional(),
});

/** Provision on demand: one user or a group (up to 5 members), now; returns the steps. */
export async function provisionOnDemandAction(
  input: z.input<typeof onDemandInput>,
): Promise<ActionResult<OnDemandResult>> {
  const result = await adminAction(async (actor) => {
    const { jobId, objectType, sourceId, memberIds } = onDemandInput.parse(input);
    return requestProvisionOnDemand({ jobId, objectType, sourceId, memberIds, actor: actor });
  });
  if (result.ok) revalidateApp(input.applicationId);
  return result;
}
