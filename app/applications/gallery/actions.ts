"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action-result";
import { createApplication, createApplicationInput } from "@/lib/applications/create-application";
import { currentActor } from "@/lib/auth/current-actor";

/** Adds an application from the gallery and opens its overview. */
export async function createApplicationAction(_prev: ActionResult<{ id: string }> | null, formData: FormData): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(() =>
    createApplication(createApplicationInput.parse({ templateId: formData.get("templateId"), name: formData.get("name") ?? "" }), currentActor()),
  );
  if (!result.ok) return result;
  revalidatePath("/applications");
  redirect(`/applications/${result.data.id}`);
}
