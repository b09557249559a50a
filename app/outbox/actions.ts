"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import { sendTestEmail, sendTestEmailInput } from "@/lib/notify/send-test-email";

/** The Notification Email step's "Send test email": to the typed address, or the saved one. */
export async function sendTestEmailAction(input: {
  applicationId: string;
  to?: string;
}): Promise<ActionResult<{ to: string; delivery: "Outbox" | "Sent" | "Failed" }>> {
  return adminAction(async () => {
    const parsed = sendTestEmailInput.parse(input);
    const r = await sendTestEmail(parsed);
    revalidatePath("/outbox");
    return { to: r.to, delivery: r.delivery };
  });
}
