"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action-result";
import { renameApplication, renameApplicationInput } from "@/lib/applications/rename-application";
import { deleteApplication, deleteApplicationInput } from "@/lib/applications/delete-application";
import { currentActor } from "@/lib/auth/current-actor";

export async function renameApplicationAction(
  _prev: ActionResult<{ changed: boolean }> | null,
  formData: FormData,
): Promise<ActionResult<{ changed: boolean }>> {
  const result = await runAction(() =>
    renameApplication(renameApplicationInput.parse({ applicationId: formData.get("applicationId"), name: formData.get("name") ?? "" }), currentActor()),
  );
  if (result.ok) revalidatePath("/applications", "layout");
  return result;
}

export async function deleteApplicationAction(input: { applicationId: string }): Promise<ActionResult<{ name: string }>> {
  const result = await runAction(() => deleteApplication(deleteApplicationInput.parse(input), currentActor()));
  if (!result.ok) return result;
  revalidatePath("/applications", "layout");
  redirect("/applications");
}
