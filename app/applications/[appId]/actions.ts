"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import { renameApplication, renameApplicationInput } from "@/lib/applications/rename-application";
import { deleteApplication, deleteApplicationInput } from "@/lib/applications/delete-application";

export async function renameApplicationAction(
  _prev: ActionResult<{ changed: boolean }> | null,
  formData: FormData,
): Promise<ActionResult<{ changed: boolean }>> {
  const result = await adminAction(async (actor) =>
    renameApplication(
      renameApplicationInput.parse({ applicationId: formData.get("applicationId"), name: formData.get("name") ?? "" }),
      actor,
    ),
  );
  if (result.ok) revalidatePath("/applications", "layout");
  return result;
}

export async function deleteApplicationAction(input: {
  applicationId: string;
}): Promise<ActionResult<{ name: string }>> {
  const result = await adminAction(async (actor) => deleteApplication(deleteApplicationInput.parse(input), actor));
  if (!result.ok) return result;
  revalidatePath("/applications", "layout");
  redirect("/applications");
}
