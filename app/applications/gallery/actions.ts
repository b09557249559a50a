"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import { createApplication, createApplicationInput } from "@/lib/applications/create-application";

/** Adds an application from the gallery and opens its overview. */
export async function createApplicationAction(
  _prev: ActionResult<{ id: string }> | null,
  formData: FormData,
): Promise<ActionResult<{ id: string }>> {
  const result = await adminAction(async (actor) =>
    createApplication(
      createApplicationInput.parse({ templateId: formData.get("templateId"), name: formData.get("name") ?? "" }),
      actor,
    ),
  );
  if (!result.ok) return result;
  revalidatePath("/applications");
  redirect(`/applications/${result.data.id}`);
}
