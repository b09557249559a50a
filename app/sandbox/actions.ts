"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import { resetSandbox } from "@/lib/sandbox/reset-sandbox";
import { regenerateSandboxToken } from "@/lib/sandbox/sandbox-token";

export async function regenerateSandboxTokenAction(): Promise<ActionResult<undefined>> {
  const result = await adminAction(async (actor) => {
    await regenerateSandboxToken(actor);
    return undefined;
  });
  revalidatePath("/sandbox");
  return result;
}

export async function resetSandboxAction(): Promise<ActionResult<{ users: number; groups: number }>> {
  const result = await adminAction(async (actor) => resetSandbox(actor));
  revalidatePath("/sandbox");
  return result;
}
