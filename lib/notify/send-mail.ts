import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { prisma } from "../db/prisma";
import { mailSettings } from "./mail-settings";

export type MailKind = "Quarantine" | "TooManyDeletes" | "CycleFailed" | "Test";

export type MailInput = {
  to: string;
  subject: string;
  text: string;
  kind: MailKind;
  applicationId?: string | null;
};

export type MailResult = { id: number; delivery: "Outbox" | "Sent" | "Failed"; error: string | null };

const transports = new Map<string, Transporter<SMTPTransport.SentMessageInfo>>();

function transportFor(url: string) {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as SMTPTransport.Options);
    transports.set(url, t);
  }
  return t;
}

/** An SMTP URL may carry a password: never let it reach a message, a log line or the outbox page. */
function redact(message: string, url: string): string {
  let out = message;
  try {
    const u = new URL(url);
    for (const secret of [u.password, decodeURIComponent(u.password)]) if (secret) out = out.split(secret).join("***");
  } catch {
    // not a URL: nothing to redact beyond the URL itself
  }
  return out.split(url).join("(SMTP_URL)");
}

/**
 * Sends one email over SMTP (SMTP_URL), or keeps it in the outbox table when SMTP is not configured, so
 * notifications work and can be read out of the box. Every message is recorded with how it was delivered;
 * an SMTP failure is recorded and returned, not thrown.
 */
export async function sendMail(input: MailInput): Promise<MailResult> {
  const { smtpUrl, from } = mailSettings();
  let delivery: MailResult["delivery"] = "Outbox";
  let error: string | null = null;
  if (smtpUrl) {
    try {
      await transportFor(smtpUrl).sendMail({ from, to: input.to, subject: input.subject, text: input.text });
      delivery = "Sent";
    } catch (e) {
      delivery = "Failed";
      error = redact(e instanceof Error ? e.message : String(e), smtpUrl).slice(0, 1000);
      console.error(`Email to ${input.to} could not be sent: ${error}`);
    }
  }
  const row = await prisma.outboxMessage.create({
    data: {
      to: input.to,
      from,
      subject: input.subject,
      text: input.text,
      kind: input.kind,
      applicationId: input.applicationId ?? null,
      delivery,
      error,
    },
  });
  return { id: row.id, delivery, error };
}
