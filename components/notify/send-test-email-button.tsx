"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { sendTestEmailAction } from "@/app/outbox/actions";
import { Button } from "@/components/ui/button";

/**
 * "Send test email" for the Notification Email step. Sends to `email` (what the admin typed, saved or not),
 * or to the saved address when it is empty, and says where the message went: delivered over SMTP, or
 * kept in the outbox when SMTP is not configured.
 */
export function SendTestEmailButton({
  applicationId,
  email,
  onSent,
}: {
  applicationId: string;
  email?: string;
  onSent?: () => void;
}) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<
    { ok: true; to: string; delivery: string } | { ok: false; error: string } | null
  >(null);

  const send = () =>
    start(async () => {
      const r = await sendTestEmailAction({ applicationId, to: email?.trim() || undefined });
      setResult(
        r.ok
          ? { ok: true, to: r.data.to, delivery: r.data.delivery }
          : { ok: false, error: r.fieldErrors?.to ?? r.fieldErrors?.notificationEmail ?? r.error },
      );
      if (r.ok) onSent?.();
    });

  return (
    <div className="space-y-1">
      <Button onClick={send} disabled={pending}>
        {pending ? "Sending…" : "Send test email"}
      </Button>
      <p aria-live="polite" className="max-w-xs text-xs">
        {result === null ? null : result.ok ? (
          result.delivery === "Outbox" ? (
            <span className="text-slate-700">
              SMTP is not configured: the test email to {result.to} is in the{" "}
              <Link href="/outbox" className="text-blue-700 underline">
                outbox
              </Link>
              .
            </span>
          ) : (
            <span className="text-emerald-800">Test email sent to {result.to}.</span>
          )
        ) : (
          <span className="text-red-700" role="alert">
            {result.error}
          </span>
        )}
      </p>
    </div>
  );
}
