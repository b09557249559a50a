"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";
import { ConfirmLifecycleDialog, type LifecycleQuestion } from "./confirm-lifecycle-dialog";
import { useDirectoryChange } from "./use-directory-change";

type Run = (input: { id: string }) => Promise<ActionResult<unknown>>;

/**
 * Disable/Enable (users), Delete, Restore and Permanently delete, as Entra offers them. Disable and Delete
 * ask first in a dialog naming the object; permanent deletion is only for objects already deleted, and asks
 * for confirmation too.
 */
export function LifecycleActions({
  id,
  name,
  detail,
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
  /** Shown in the confirmation beside the name (a user's userPrincipalName). */
  detail?: string;
  noun: "user" | "group";
  deleted: boolean;
  accountEnabled?: boolean;
  setAccountEnabled?: (input: { id: string; accountEnabled: boolean }) => Promise<ActionResult<unknown>>;
  softDelete: Run;
  restore: Run;
  hardDelete: Run;
}) {
  const [confirming, setConfirming] = useState(false);
  const [asking, setAsking] = useState<LifecycleQuestion | null>(null);
  const { run, pending, running, busy, message } = useDirectoryChange({ onSettled: () => setConfirming(false) });
  const label = (key: string, idle: string, working: string) => (running && busy === key ? working : idle);
  const where = noun === "user" ? "Deleted users" : "Deleted groups";
  const confirmed = (question: LifecycleQuestion) => {
    setAsking(null);
    if (question === "disable" && setAccountEnabled)
      run(
        "toggle",
        () => setAccountEnabled({ id, accountEnabled: false }),
        `${name} is disabled and can no longer sign in.`,
      );
    if (question === "delete")
      run("delete", () => softDelete({ id }), `${name} was moved to ${where}. You can restore it from there.`);
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {!deleted && setAccountEnabled && accountEnabled !== undefined ? (
          accountEnabled ? (
            <Button disabled={pending} onClick={() => setAsking("disable")}>
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
          <Button variant="danger" disabled={pending} onClick={() => setAsking("delete")}>
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
        <ConfirmHardDelete
          name={name}
          noun={noun}
          pending={pending}
          confirmLabel={label("hard", "Yes, permanently delete", "Deleting…")}
          onConfirm={() => run("hard", () => hardDelete({ id }), `${name} was permanently deleted.`)}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <ConfirmLifecycleDialog
        question={asking}
        name={name}
        detail={detail}
        noun={noun}
        onConfirm={confirmed}
        onCancel={() => setAsking(null)}
      />
    </div>
  );
}

/** The confirmation before a permanent deletion, in the page (an alertdialog named by its question). */
function ConfirmHardDelete({
  name,
  noun,
  pending,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  name: string;
  noun: "user" | "group";
  pending: boolean;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
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
        <Button variant="danger" disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button autoFocus disabled={pending} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
