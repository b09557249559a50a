"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action-result";
import { searchPrincipals, searchPrincipalsInput, type PrincipalOption } from "@/lib/applications/search-principals";
import { assignPrincipal, assignPrincipalInput } from "@/lib/applications/assign-principal";
import { changeAssignmentRole, changeAssignmentRoleInput } from "@/lib/applications/change-assignment-role";
import { removeAssignment, removeAssignmentInput } from "@/lib/applications/remove-assignment";
import { currentActor } from "@/lib/auth/current-actor";

function revalidateApp(applicationId: string) {
  revalidatePath(`/applications/${applicationId}`, "layout");
  revalidatePath("/applications");
}

export async function searchPrincipalsAction(input: { applicationId: string; query: string }): Promise<ActionResult<PrincipalOption[]>> {
  return runAction(() => searchPrincipals(searchPrincipalsInput.parse(input)));
}

export async function assignPrincipalAction(input: {
  applicationId: string;
  principalType: string;
  principalId: string;
  appRole: string;
}): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(() => assignPrincipal(assignPrincipalInput.parse(input), currentActor()));
  if (result.ok) revalidateApp(input.applicationId);
  return result;
}

export async function changeAssignmentRoleAction(input: {
  applicationId: string;
  assignmentId: string;
  appRole: string;
}): Promise<ActionResult<{ changed: boolean }>> {
  const result = await runAction(() => changeAssignmentRole(changeAssignmentRoleInput.parse(input), currentActor()));
  if (result.ok) revalidateApp(input.applicationId);
  return result;
}

export async function removeAssignmentAction(input: { applicationId: string; assignmentId: string }): Promise<ActionResult<void>> {
  const result = await runAction(() => removeAssignment(removeAssignmentInput.parse(input), currentActor()));
  if (result.ok) revalidateApp(input.applicationId);
  return result;
}
