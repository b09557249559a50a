"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";

/**
 * A button that asks for confirmation inline (no browser dialog) before running a server action, then shows
 * what happened. Used for "Regenerate token" and "Reset sandbox".
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  workingLabel,
  success,
  action,
  onSuccess,
  variant = "secondary",
}: {
  label: string;
  question: string;
  confirmLabel: string;
  workingLabel: string;
  success: string;
  action: () => Promise<ActionResult<unknown>>;
  /**
   * Called instead of showing `success` here, for an action after which this button goes away (a revoked
   * token's row has no Revoke button): the parent shows the message, which would otherwise vanish with it.
   */
  onSuccess?: () => void;
  variant?: "secondary" | "danger";
}) {
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  function run() {
    setMessage(null);
    startTransition(async () => {
      try {
        const result = await action();
        if (result.ok && onSuccess) onSuccess();
        else setMessage(result.ok ? { tone: "success", text: success } : { tone: "error", text: result.error });
      } catch {
        setMessage({ tone: "error", text: "The server could not be reached. Nothing was changed; try again." });
      } finally {
        setConfirming(false);
      }
    });
  }

  return (
    <div className="space-y-2">
      {confirming ? (
        <div
          role="group"
          aria-label={label}
          className="flex flex-wrap items-center gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          <span>{question}</span>
          <Button variant={variant === "danger" ? "danger" : "primary"} disabled={pending} onClick={run} autoFocus>
            {pending ? workingLabel : confirmLabel}
          </Button>
          <Button variant="ghost" disabled={pending} onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant={variant} onClick={() => (setMessage(null), setConfirming(true))}>
          {label}
        </Button>
      )}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
    </div>
  );
}
