import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { mailSettings } from "./mail-settings";
import { sendMail, type MailResult } from "./send-mail";

export const sendTestEmailInput = z.object({
  applicationId: z.string().min(1),
  /** The address typed in the Notification Email field (it may not be saved yet); else the saved one. */
  to: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
    z.email("Enter a valid email address.").optional(),
  ),
});
export type SendTestEmailInput = z.infer<typeof sendTestEmailInput>;

/** Sends a test notification for an application, so the admin can check that failure emails arrive. */
export async function sendTestEmail(input: SendTestEmailInput): Promise<MailResult & { to: string }> {
  const parsed = sendTestEmailInput.parse(input);
  const app = await prisma.application.findUnique({
    where: { id: parsed.applicationId },
    select: { id: true, name: true, job: { select: { notificationEmail: true } } },
  });
  if (!app) throw new AppError("application.not_found", "This application no longer exists. It may have been deleted.");
  const to = parsed.to ?? app.job?.notificationEmail ?? null;
  if (!to)
    throw new AppError("notify.no_address", "Enter a notification email address first.", {
      notificationEmail: "Enter an email address to send the test to.",
    });
  const { baseUrl } = mailSettings();
  const text = [
    `This is a test email from Provisio for the application "${app.name}".`,
    "",
    "When failure notifications are on, this address is told when provisioning goes into quarantine, when the accidental deletion threshold stops a cycle, and when a cycle fails.",
    "",
    "Provisioning logs:",
    `${baseUrl}/applications/${encodeURIComponent(app.id)}/logs`,
  ].join("\n");
  const result = await sendMail({
    to,
    subject: `Provisio: test notification for ${app.name}`,
    text,
    kind: "Test",
    applicationId: app.id,
  });
  if (result.delivery === "Failed") {
    throw new AppError(
      "notify.smtp_failed",
      `The test email could not be sent: ${result.error ?? "the SMTP server refused it"}. Check SMTP_URL.`,
    );
  }
  return { ...result, to };
}
