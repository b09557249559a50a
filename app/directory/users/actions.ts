"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import { createUser, createUserInput } from "@/lib/directory/create-user";
import { hardDeleteUser, hardDeleteUserInput } from "@/lib/directory/hard-delete-user";
import { restoreUser, restoreUserInput } from "@/lib/directory/restore-user";
import { setUserAccountEnabled, setUserAccountEnabledInput } from "@/lib/directory/set-user-account-enabled";
import { softDeleteUser, softDeleteUserInput } from "@/lib/directory/soft-delete-user";
import { updateUser, updateUserInput } from "@/lib/directory/update-user";
import { userFormValues } from "../form-values";

function revalidateDirectory() {
  revalidatePath("/directory", "layout");
  revalidatePath("/");
}

export async function createUserAction(formData: FormData): Promise<ActionResult<{ id: string }>> {
  const result = await adminAction(async (actor) => createUser(createUserInput.parse(userFormValues(formData)), actor));
  if (!result.ok) return result;
  revalidateDirectory();
  redirect(`/directory/users/${result.data.id}?created=1`);
}

export async function updateUserAction(formData: FormData): Promise<ActionResult<{ changed: string[] }>> {
  const result = await adminAction(async (actor) =>
    updateUser(updateUserInput.parse({ ...userFormValues(formData), id: formData.get("id") }), actor),
  );
  if (result.ok) revalidateDirectory();
  return result;
}

export async function setUserAccountEnabledAction(input: {
  id: string;
  accountEnabled: boolean;
}): Promise<ActionResult<{ changed: boolean }>> {
  const result = await adminAction(async (actor) =>
    setUserAccountEnabled(setUserAccountEnabledInput.parse(input), actor),
  );
  if (result.ok) revalidateDirectory();
  return result;
}

export async function softDeleteUserAction(input: { id: string }): Promise<ActionResult<void>> {
  const result = await adminAction(async (actor) => softDeleteUser(softDeleteUserInput.parse(input), actor));
  if (result.ok) revalidateDirectory();
  return result;
}

export async function restoreUserAction(input: { id: string }): Promise<ActionResult<void>> {
  const result = await adminAction(async (actor) => restoreUser(restoreUserInput.parse(input), actor));
  if (result.ok) revalidateDirectory();
  return result;
}

export async function hardDeleteUserAction(input: { id: string }): Promise<ActionResult<void>> {
  const result = await adminAction(async (actor) => hardDeleteUser(hardDeleteUserInput.parse(input), actor));
  if (!result.ok) return result;
  revalidateDirectory();
  redirect("/directory/users?state=deleted&removed=1");
}
