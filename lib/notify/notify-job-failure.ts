import { z } from "zod";
import { prisma } from "../db/prisma";
import { mailSettings } from "./mail-settings";
import { sendMail, type MailResult } from "./send-mail";

const notifyJobFailureInput = z.object({
  jobId: z.string().min(1),
  kind: z.enum(["Quarantine", "TooManyDeletes", "CycleFailed"]),
  /** A quarantine reason code (InvalidCredentials, TokenNotBound, TargetUnreachable, TooManyDeletes) or an error message. */
  reason: z.string().min(1).max(4000),
  cycleId: z.string().min(1).optional().nullable(),
});
export type NotifyJobFailureInput = z.infer<typeof notifyJobFailureInput>;

export type NotifyResult =
  { sent: false; why: "NotConfigured" | "AlreadyNotified" | "NoJob" } | ({ sent: true } & MailResult);

const REASONS: Record<string, { words: string; advice: string }> = {
  InvalidCredentials: {
    words: "the target rejected the Secret Token or the Tenant URL (HTTP 401 or 403)",
    advice:
      "Generate a new Secret Token in the target application, enter it under Admin Credentials on the Provisioning page, save, click Test Connection, then choose Retry now.",
  },
  TokenNotBound: {
    words: "the Tenant URL is on another host than the one the saved Secret Token was entered for, so nothing was sent",
    advice:
      "Enter the Secret Token again for the new host under Admin Credentials on the Provisioning page, click Test Connection, save, then restart provisioning.",
  },
  TargetUnreachable: {
    words: "the target kept failing (timeouts, network errors or server errors) for several cycles in a row",
    advice:
      "Check that the Tenant URL is reachable from the Provisio server and that the target is up. Provisio retries on its quarantine schedule; restart provisioning once the target is back.",
  },
  TooManyDeletes: {
    words: "a cycle planned more disables and deletes than the accidental deletion threshold allows, so none were sent",
    advice:
      "Review the staged deletions in the provisioning logs. If they are expected, choose Allow deletes on the Provisioning page; otherwise fix the assignment or scoping change that caused them.",
  },
};

function describe(kind: NotifyJobFailureInput["kind"], app: string) {
  switch (kind) {
    case "Quarantine":
      return {
        subject: `Provisio: ${app} provisioning is in quarantine`,
        headline: `Provisioning for "${app}" was put in quarantine.`,
      };
    case "TooManyDeletes":
      return {
        subject: `Provisio: ${app} provisioning stopped by the accidental deletion threshold`,
        headline: `Provisioning for "${app}" stopped before deleting users: too many deletions were planned.`,
      };
    case "CycleFailed":
      return {
        subject: `Provisio: ${app} provisioning cycle failed`,
        headline: `A provisioning cycle for "${app}" failed.`,
      };
  }
}

function logsLink(baseUrl: string, applicationId: string, cycleId?: string | null): string {
  const q = cycleId ? `?cycle=${encodeURIComponent(cycleId)}` : "";
  return `${baseUrl}/applications/${encodeURIComponent(applicationId)}/logs${q}`;
}

/**
 * Emails the job's notification address about a failure, when "send an email notification when a failure
 * occurs" is ticked. A quarantine is announced once: again only when its reason changes, when a new
 * quarantine starts, or after a cycle has succeeded since the last notice. Same for a failing cycle with the
 * same error. The message names the application and what happened, gives the reason and what to do, and
 * links to the cycle's log entries.
 */
export async function notifyJobFailure(input: NotifyJobFailureInput): Promise<NotifyResult> {
  const parsed = notifyJobFailureInput.parse(input);
  const job = await prisma.provisioningJob.findUnique({
    where: { id: parsed.jobId },
    select: {
      id: true,
      applicationId: true,
      notificationEmail: true,
      sendOnFailure: true,
      status: true,
      quarantineReason: true,
      quarantineSince: true,
      failureNotifiedKey: true,
      failureNotifiedAt: true,
      application: { select: { name: true } },
    },
  });
  if (!job) return { sent: false, why: "NoJob" };
  const to = job.notificationEmail?.trim();
  if (!job.sendOnFailure || !to) return { sent: false, why: "NotConfigured" };

  const kind =
    parsed.kind === "Quarantine" && job.quarantineReason === "TooManyDeletes" ? "TooManyDeletes" : parsed.kind;
  const inQuarantine = kind !== "CycleFailed" && job.status === "Quarantine";
  const reasonKey = inQuarantine && job.quarantineReason ? job.quarantineReason : parsed.reason.slice(0, 200);
  const key = `${kind}:${reasonKey}${inQuarantine && job.quarantineSince ? `:${job.quarantineSince.toISOString()}` : ""}`;

  if (job.failureNotifiedKey === key && job.failureNotifiedAt) {
    const successSince = await prisma.cycle.count({
      where: { jobId: job.id, status: { in: ["Succeeded", "Warning"] }, endedAt: { gt: job.failureNotifiedAt } },
    });
    if (successSince === 0) return { sent: false, why: "AlreadyNotified" };
  }
  // Claim the notice (compare-and-set), so two processes never send it twice.
  const claimed = await prisma.provisioningJob.updateMany({
    where: { id: job.id, failureNotifiedKey: job.failureNotifiedKey, failureNotifiedAt: job.failureNotifiedAt },
    data: { failureNotifiedKey: key, failureNotifiedAt: new Date() },
  });
  if (claimed.count === 0) return { sent: false, why: "AlreadyNotified" };

  const { baseUrl } = mailSettings();
  const app = job.application.name;
  const { subject, headline } = describe(kind, app);
  const known = REASONS[reasonKey] ?? REASONS[parsed.reason];
  const link = logsLink(baseUrl, job.applicationId, parsed.cycleId);
  const text = [
    headline,
    "",
    `Reason: ${known ? known.words : parsed.reason}`,
    ...(known && parsed.reason !== reasonKey && !REASONS[parsed.reason] ? [`Detail: ${parsed.reason}`] : []),
    "",
    ...(known ? [`What to do: ${known.advice}`, ""] : []),
    parsed.cycleId ? "The provisioning log entries of this cycle:" : "The provisioning logs:",
    link,
    "",
    "Provisioning settings:",
    `${baseUrl}/applications/${encodeURIComponent(job.applicationId)}/provisioning`,
    "",
    `You receive this email because failure notifications are on for ${app} in Provisio.`,
  ].join("\n");

  const result = await sendMail({ to, subject, text, kind, applicationId: job.applicationId });
  if (result.delivery === "Failed") {
    // Not delivered: let the next failure try again.
    await prisma.provisioningJob.updateMany({
      where: { id: job.id, failureNotifiedKey: key },
      data: { failureNotifiedKey: null, failureNotifiedAt: null },
    });
  }
  return { sent: true, ...result };
}
