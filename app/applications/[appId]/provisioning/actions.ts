"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import {
  getProvisioningConfig,
  type ProvisioningConfigView,
} from "@/lib/applications/provisioning/get-provisioning-config";
import {
  saveProvisioningConfig,
  type SaveProvisioningConfigInput,
} from "@/lib/applications/provisioning/save-provisioning-config";
import { testCredentials, type CredentialsTestView } from "@/lib/applications/provisioning/test-credentials";
import { wakeScheduler } from "@/lib/jobs/scheduler";

// Both actions take FormData rather than a plain object: the dev server logs plain-object arguments of
// server functions, and the Secret Token must never reach a log. FormData is logged as "{}".

function text(form: FormData, key: string): string {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
}

function revalidateApp(applicationId: string) {
  revalidatePath(`/applications/${applicationId}`, "layout");
  revalidatePath("/applications");
}

/** Saves the whole Provisioning page, all or nothing. */
export async function saveProvisioningConfigAction(form: FormData): Promise<ActionResult<ProvisioningConfigView>> {
  const result = await adminAction(async (actor) => {
    const input: SaveProvisioningConfigInput = {
      applicationId: text(form, "applicationId"),
      mode: text(form, "mode") as SaveProvisioningConfigInput["mode"],
      tenantUrl: text(form, "tenantUrl"),
      secretToken: text(form, "secretToken"),
      notificationEmail: text(form, "notificationEmail"),
      sendOnFailure: text(form, "sendOnFailure") === "true",
      scope: text(form, "scope") as SaveProvisioningConfigInput["scope"],
      preventAccidentalDeletion: text(form, "preventAccidentalDeletion") === "true",
      deletionThreshold: text(form, "deletionThreshold"),
      skipOutOfScopeDeletions: text(form, "skipOutOfScopeDeletions") === "true",
      enabled: text(form, "enabled") === "true",
    };
    return saveProvisioningConfig(input, actor);
  });
  if (result.ok) {
    revalidateApp(result.data.applicationId);
    // Turning On sets nextRunAt = now; waking the scheduler starts the initial cycle without waiting for its tick.
    if (result.data.enabled) wakeScheduler();
  }
  return result;
}

/** Test Connection with the URL and token in the form (a blank token means the saved one). */
export async function testCredentialsAction(
  form: FormData,
): Promise<ActionResult<{ test: CredentialsTestView; config: ProvisioningConfigView }>> {
  const applicationId = text(form, "applicationId");
  const result = await adminAction(async (actor) => {
    const test = await testCredentials(
      { applicationId, tenantUrl: text(form, "tenantUrl"), secretToken: text(form, "secretToken") },
      actor,
    );
    // The recorded result can change the checklist, so the page gets the fresh view with it.
    return { test, config: await getProvisioningConfig(applicationId) };
  });
  if (result.ok) revalidateApp(applicationId);
  return result;
}
