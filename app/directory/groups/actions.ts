"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/app/_lib/run-action";
import { adminAction } from "@/app/_lib/admin-action";
import { addGroupMembers, addGroupMembersInput } from "@/lib/directory/add-group-members";
import { createGroup, createGroupInput } from "@/lib/directory/create-group";
import { hardDeleteGroup, hardDeleteGroupInput } from "@/lib/directory/hard-delete-group";
import { listUsers, listUsersInput, type UserListItem } from "@/lib/directory/list-users";
import { removeGroupMembers, removeGroupMembersInput } from "@/lib/directory/remove-group-members";
import { restoreGroup, restoreGroupInput } from "@/lib/directory/restore-group";
import { softDeleteGroup, softDeleteGroupInput } from "@/lib/directory/soft-delete-group";
import { updateGroup, updateGroupInput } from "@/lib/directory/update-group";
import { groupFormValues } from "../form-values";

function revalidateDirectory() {
  revalidatePath("/directory", "layout");
  revalidatePath("/");
}

export async function createGroupAction(formData: FormData): Promise<ActionResult<{ id: string }>> {
  const result = await adminAction(async (actor) =>
    createGroup(createGroupInput.parse(groupFormValues(formData)), actor),
  );
  if (!result.ok) return result;
  revalidateDirectory();
  redirect(`/directory/groups/${result.data.id}?created=1`);
}

export async function updateGroupAction(formData: FormData): Promise<ActionResult<{ changed: string[] }>> {
  const result = await adminAction(async (actor) =>
    updateGroup(updateGroupInput.parse({ ...groupFormValues(formData), id: formData.get("id") }), actor),
  );
  if (result.ok) revalidateDirectory();
  return result;
}

export async function softDeleteGroupAction(input: { id: string }): Promise<ActionResult<void>> {
  const result = await adminAction(async (actor) => softDeleteGroup(softDeleteGroupInput.parse(input), actor));
  if (result.ok) revalidateDirectory();
  return result;
}

export async function restoreGroupAction(input: { id: string }): Promise<ActionResult<void>> {
  const result = await adminAction(async (actor) => restoreGroup(restoreGroupInput.parse(input), actor));
  if (result.ok) revalidateDirectory();
  return result;
}

export async function hardDeleteGroupAction(input: { id: string }): Promise<ActionResult<void>> {
  const result = await adminAction(async (actor) => hardDeleteGroup(hardDeleteGroupInput.parse(input), actor));
  if (!result.ok) return result;
  revalidateDirectory();
  redirect("/directory/groups?state=deleted&removed=1");
}

export async function addGroupMembersAction(input: {
  groupId: string;
  userIds: string[];
}): Promise<ActionResult<{ added: number }>> {
  const result = await adminAction(async (actor) => addGroupMembers(addGroupMembersInput.parse(input), actor));
  if (result.ok) revalidateDirectory();
  return result;
}

export async function removeGroupMembersAction(input: {
  groupId: string;
  userIds: string[];
}): Promise<ActionResult<{ removed: number }>> {
  const result = await adminAction(async (actor) => removeGroupMembers(removeGroupMembersInput.parse(input), actor));
  if (result.ok) revalidateDirectory();
  return result;
}

/** The "Add members" search: users not yet in the group, a few at a time. */
export async function searchUsersToAddAction(input: {
  groupId: string;
  search: string;
}): Promise<ActionResult<{ items: UserListItem[]; total: number }>> {
  return runAction(async () => {
    const page = await listUsers(
      listUsersInput.parse({ search: input.search, notMemberOf: input.groupId, pageSize: 8 }),
    );
    return { items: page.items, total: page.total };
  });
}
