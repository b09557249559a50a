"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import {
  applyConfiguration,
  applyConfigurationInput,
  type ApplyConfigurationResult,
} from "@/lib/config-as-code/apply-configuration";

/** Preview (dryRun) or apply a configuration document pasted or uploaded on the Configuration tab. */
export async function applyConfigurationAction(input: {
  applicationId: string;
  document: string;
  dryRun: boolean;
}): Promise<ActionResult<ApplyConfigurationResult>> {
  const result = await adminAction((actor) => applyConfiguration(applyConfigurationInput.parse(input), actor));
  if (result.ok && !input.dryRun && result.data.changes.length > 0) revalidatePath("/applications", "layout");
  return result;
}
