"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";
import { useHydrated } from "./use-hydrated";

type Run = (input: { id: string }) => Promise<ActionResult<unknown>>;

/**
 * Disable/Enable (users), Delete, Restore and Permanently delete, as Entra offers them: permanent deletion is
 * only for objects already deleted, and asks for confirmation.
 */
export function LifecycleActions({
  id,
  name,
  noun,
  deleted,
  accountEnabled,
  setAccountEnabled,
  softDelete,
  restore,
  hardDelete,
}: {
  id: string;
  name: string;
  noun: "user" | "group";
  deleted: boolean;
  accountEnabled?: boolean;
  setAccountEnabled?: (input: { id: string; accountEnabled: boolean }) => Promise<ActionResult<unknown>>;
  softDelete: Run;
  restore: Run;
  hardDelete: Run;
}) {
  const [transitionPending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const pending = transitionPending || !hydrated;
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);

  function run(label: string, call: () => Promise<ActionResult<unknown>>, success: string) {
    setBusy(label);
    setMessage(null);
    startTransition(async () => {
      try {
        const result = await call();
        setMessage(result.ok ? { tone: "success", text: success } : { tone: "error", text: result.error });
      } catch {
        setMessage({ tone: "error", text: "The server could not be reached. Nothing was changed; try again." });
      } finally {
        setBusy(null);
        setConfirming(false);
      }
    });
  }

  const label = (key: string, idle: string, working: string) => (transitionPending && busy === key ? working : idle);
  const where = noun === "user" ? "Deleted users" : "Deleted groups";

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {!deleted && setAccountEnabled && accountEnabled !== undefined ? (
          accountEnabled ? (
            <Button
              disabled={pending}
              onClick={() =>
                run(
                  "toggle",
                  () => setAccountEnabled({ id, accountEnabled: false }),
                  `${name} is disabled and can no longer sign in.`,
                )
              }
            >
              {label("toggle", "Disable", "Disabling…")}
            </Button>
          ) : (
            <Button
              disabled={pending}
              onClick={() =>
                run("toggle", () => setAccountEnabled({ id, accountEnabled: true }), `${name} is enabled again.`)
              }
            >
              {label("toggle", "Enable", "Enabling…")}
            </Button>
          )
        ) : null}
        {!deleted ? (
          <Button
            variant="danger"
            disabled={pending}
            onClick={() =>
              run("delete", () => softDelete({ id }), `${name} was moved to ${where}. You can restore it from there.`)
            }
          >
            {label("delete", "Delete", "Deleting…")}
          </Button>
        ) : (
          <>
            <Button
              variant="primary"
              disabled={pending}
              onClick={() => run("restore", () => restore({ id }), `${name} was restored.`)}
            >
              {label("restore", "Restore", "Restoring…")}
            </Button>
            <Button variant="danger" disabled={pending || confirming} onClick={() => setConfirming(true)}>
              Permanently delete
            </Button>
          </>
        )}
      </div>
      {confirming ? (
        <div
          role="alertdialog"
          aria-labelledby="confirm-hard-delete-title"
          className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
        >
          <p id="confirm-hard-delete-title" className="font-medium">
            Permanently delete {name}?
          </p>
          <p className="mt-1">
            This cannot be undone. The {noun} and {noun === "user" ? "its group memberships are" : "its member list is"}{" "}
            removed for good, and provisioning deletes
            {noun === "user" ? " it" : " the group"} from applications.
          </p>
          <div className="mt-3 flex gap-2">
            <Button
              variant="danger"
              disabled={pending}
              onClick={() => run("hard", () => hardDelete({ id }), `${name} was permanently deleted.`)}
            >
              {label("hard", "Yes, permanently delete", "Deleting…")}
            </Button>
            <Button autoFocus disabled={pending} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
    </div>
  );
}
