"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action-result";
import { currentActor } from "@/lib/auth/current-actor";
import { resetSandbox } from "@/lib/sandbox/reset-sandbox";
import { regenerateSandboxToken } from "@/lib/sandbox/sandbox-token";

export async function regenerateSandboxTokenAction(): Promise<ActionResult<undefined>> {
  const result = await runAction(async () => {
    await regenerateSandboxToken(currentActor());
    return undefined;
  });
  revalidatePath("/sandbox");
  return result;
}

export async function resetSandboxAction(): Promise<ActionResult<{ users: number; groups: number }>> {
  const result = await runAction(() => resetSandbox(currentActor()));
  revalidatePath("/sandbox");
  return result;
}
