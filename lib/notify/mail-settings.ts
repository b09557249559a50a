import { env } from "../env";

export type MailSettings = {
  /** smtp://user:pass@host:port or smtps://...; null keeps messages in the outbox table. */
  smtpUrl: string | null;
  from: string;
  baseUrl: string;
};

let override: Partial<MailSettings> | null = null;

/** SMTP_URL, SMTP_FROM and PROVISIO_BASE_URL from the environment, unless a test configured others. */
export function mailSettings(): MailSettings {
  const e = env();
  const base = {
    smtpUrl: e.SMTP_URL && e.SMTP_URL.trim() !== "" ? e.SMTP_URL : null,
    from: e.SMTP_FROM,
    baseUrl: e.PROVISIO_BASE_URL.replace(/\/+$/, ""),
  };
  return { ...base, ...override };
}

/** Tests point mail at an in-process SMTP server (or back at the outbox with smtpUrl: null). */
export function configureMail(settings: Partial<MailSettings> | null): void {
  override = settings;
}
