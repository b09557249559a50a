"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/app/_lib/run-action";
import { adminAction } from "@/app/_lib/admin-action";
import { getScopingConfig, type ScopingConfigView } from "@/lib/mapping-config/get-scoping-config";
import { previewScope, type ScopePreview } from "@/lib/mapping-config/preview-scope";
import { saveScopingFilters } from "@/lib/mapping-config/save-scoping-filters";
import {
  listScopeObjects,
  type ScopeObjectPage,
  type listScopeObjectsInput,
} from "@/lib/mapping-config/list-scope-objects";
import type { z } from "zod";
import type { SaveScopingFiltersInput } from "@/lib/mapping-config/mapping-config-schemas";

/** Saves one object type's scoping filters (all or nothing) and returns the fresh view. */
export async function saveScopingFiltersAction(
  input: SaveScopingFiltersInput,
): Promise<ActionResult<ScopingConfigView>> {
  const result = await adminAction(async (actor) => {
    await saveScopingFilters(input, actor);
    return getScopingConfig(input.applicationId, input.objectType === "Group" ? "Group" : "User");
  });
  if (result.ok) revalidatePath(`/applications/${input.applicationId}/provisioning`, "layout");
  return result;
}

/** "N of M users in scope" for filters that are not saved yet. Writes nothing. */
export async function previewScopeAction(input: SaveScopingFiltersInput): Promise<ActionResult<ScopePreview>> {
  return runAction(() => previewScope(input));
}

/** One page of the objects on one side of the preview (what "and 11 more" holds), for draft filters. */
export async function listScopeObjectsAction(
  input: z.input<typeof listScopeObjectsInput>,
): Promise<ActionResult<ScopeObjectPage>> {
  return runAction(() => listScopeObjects(input));
}
