"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/app/_lib/run-action";
import { adminAction } from "@/app/_lib/admin-action";
import { searchPrincipals, searchPrincipalsInput, type PrincipalOption } from "@/lib/applications/search-principals";
import { assignPrincipals, assignPrincipalsInput } from "@/lib/applications/assign-principals";
import { changeAssignmentRole, changeAssignmentRoleInput } from "@/lib/applications/change-assignment-role";
import { removeAssignment, removeAssignmentInput } from "@/lib/applications/remove-assignment";

function revalidateApp(applicationId: string) {
  revalidatePath(`/applications/${applicationId}`, "layout");
  revalidatePath("/applications");
}

export async function searchPrincipalsAction(input: {
  applicationId: string;
  query: string;
}): Promise<ActionResult<PrincipalOption[]>> {
  return runAction(() => searchPrincipals(searchPrincipalsInput.parse(input)));
}

/** Assigns the chosen users and groups with one app role, all or none. */
export async function assignPrincipalsAction(input: {
  applicationId: string;
  principals: { principalType: string; principalId: string }[];
  appRole: string;
}): Promise<ActionResult<{ ids: string[]; role: string }>> {
  const result = await adminAction(async (actor) => assignPrincipals(assignPrincipalsInput.parse(input), actor));
  if (result.ok) revalidateApp(input.applicationId);
  return result;
}

export async function changeAssignmentRoleAction(input: {
  applicationId: string;
  assignmentId: string;
  appRole: string;
}): Promise<ActionResult<{ changed: boolean }>> {
  const result = await adminAction(async (actor) =>
    changeAssignmentRole(changeAssignmentRoleInput.parse(input), actor),
  );
  if (result.ok) revalidateApp(input.applicationId);
  return result;
}

export async function removeAssignmentAction(input: {
  applicationId: string;
  assignmentId: string;
}): Promise<ActionResult<void>> {
  const result = await adminAction(async (actor) => removeAssignment(removeAssignmentInput.parse(input), actor));
  if (result.ok) revalidateApp(input.applicationId);
  return result;
}
